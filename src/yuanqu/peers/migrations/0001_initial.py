"""The models of peer-region benchmarking, in the migration state only.

The app was called `benchmarks` until its tables became `peers_*`. This migration declares the models; the next one
(0002) makes the tables: it renames a database's `benchmarks_*` tables when it has them and creates them otherwise.
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Indicator',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('updated', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('key', models.CharField(help_text='如 gdp；导入时可用代码或名称', max_length=50, unique=True, verbose_name='指标代码')),
                        ('name', models.CharField(max_length=50, unique=True, verbose_name='指标名称')),
                        ('unit', models.CharField(blank=True, max_length=20, verbose_name='单位')),
                        ('higher_is_better', models.BooleanField(default=True, verbose_name='越大越好')),
                    ],
                    options={
                        'verbose_name': '对标指标',
                        'verbose_name_plural': '对标指标',
                        'ordering': ['pk'],
                    },
                ),
                migrations.CreateModel(
                    name='PeerRegion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('updated', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('code', models.CharField(max_length=6, unique=True, validators=[django.core.validators.RegexValidator('^\\d{6}$', '行政区划代码应为6位数字（GB/T 2260）。')], verbose_name='行政区划代码')),
                        ('name', models.CharField(max_length=50, verbose_name='名称')),
                        ('province', models.CharField(max_length=20, verbose_name='省（直辖市）')),
                    ],
                    options={
                        'verbose_name': '对标地区',
                        'verbose_name_plural': '对标地区',
                        'ordering': ['code'],
                    },
                ),
                migrations.CreateModel(
                    name='PeerGroup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('updated', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('name', models.CharField(max_length=50, unique=True, verbose_name='对标组名称')),
                        ('description', models.TextField(blank=True, verbose_name='说明')),
                        ('members', models.ManyToManyField(related_name='groups', to='peers.peerregion', verbose_name='成员')),
                    ],
                    options={
                        'verbose_name': '对标组',
                        'verbose_name_plural': '对标组',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='IndicatorValue',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('updated', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1949), django.core.validators.MaxValueValidator(2100)], verbose_name='年份')),
                        ('value', models.DecimalField(decimal_places=4, max_digits=18, verbose_name='数值')),
                        ('source', models.CharField(blank=True, max_length=200, verbose_name='来源')),
                        ('illustrative', models.BooleanField(default=False, help_text='演示用的示意数值，非真实统计；导入的真实数据为“否”', verbose_name='示例数据')),
                        ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='values', to='peers.indicator', verbose_name='指标')),
                        ('region', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='values', to='peers.peerregion', verbose_name='地区')),
                    ],
                    options={
                        'verbose_name': '指标数值',
                        'verbose_name_plural': '指标数值',
                        'ordering': ['indicator', 'year', 'region'],
                        'constraints': [models.UniqueConstraint(fields=('region', 'year', 'indicator'), name='indicatorvalue_unique_region_year')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
