from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "yuanqu.newsroom"
    label = "newsroom"
    verbose_name = _("新闻导入")

    def ready(self):
        from yuanqu.core.context_processors import register

        register("news_import", _("新闻导入"))
