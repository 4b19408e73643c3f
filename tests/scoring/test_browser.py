"""Two raters score on phones; one loses the network, scores, reloads offline, comes back; one loses a response
after the server stored it and retries. The big screen counts each card once."""

from tests.conftest import DEFAULT_TIMEOUT_MS, PHONE_USER_AGENT, log_in
from tests.scoring.conftest import make_tour
from yuanqu.scoring.models import Submission

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True,
         "user_agent": PHONE_USER_AGENT, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
CARD = {"development_quality": "26", "intelligent_manufacturing": "21", "resource_integration": "17.5",
        "industrial_driving": "20"}


def fill_card(page, stop_pk, values=CARD):
    form = page.locator(f'form.score-form[data-stop="{stop_pk}"]')
    for key, value in values.items():
        form.locator(f'input[name="{key}"]').fill(value)
    form.get_by_role("button", name="提交评分").click()


def test_two_phones_one_offline_big_screen_counts_each_card_once(phone_page, page, chromium_browser, live_server):
    tour = make_tour()
    stop = tour.stops[0]  # 亭湖区: both 李明华 (city) and 孙海燕 (盐都区) may score it
    state = f'[data-testid="state-{stop.pk}"]'

    # Rater 1 (李明华): the server stores the first POST but the phone never sees the answer; the retry reuses
    # the idempotency key and is answered from the stored row.
    lost = {"n": 0}

    def lose_first_response(route):
        if route.request.method == "POST" and lost["n"] == 0:
            lost["n"] += 1
            route.fetch()
            route.abort("connectionreset")
        else:
            route.continue_()

    phone_page.route("**/api/score/**", lose_first_response)
    phone_page.goto(f"{live_server.url}/m/{tour.city_rater.token}/")
    phone_page.get_by_test_id("go-score").click()
    phone_page.wait_for_url("**/score/")
    assert phone_page.get_by_test_id("progress").inner_text().replace(" ", "") == "已评0/4"
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the phone page scrolls sideways ({width}px)"
    fill_card(phone_page, stop.pk)
    phone_page.locator(state).get_by_text("已确认（第1版）").wait_for()
    assert lost["n"] == 1
    assert phone_page.get_by_test_id("progress").inner_text().replace(" ", "") == "已评1/4"
    assert Submission.objects.filter(attendee=tour.city_rater).count() == 1

    # Rater 2 (孙海燕) on a second phone: loads the page, loses the network, scores, reloads offline.
    context = chromium_browser.new_context(**PHONE)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        second = context.new_page()
        second.goto(f"{live_server.url}/m/{tour.yandu_rater.token}/score/")
        assert second.get_by_test_id(f"recused-{tour.stops[2].pk}").is_visible()  # own district: no form
        assert second.locator(f'form.score-form[data-stop="{tour.stops[2].pk}"]').count() == 0
        second.evaluate("navigator.serviceWorker.ready.then(() => true)")
        second.wait_for_function("navigator.serviceWorker.controller !== null")
        # Offline emulation does not reach the service worker's own fetches (microsoft/playwright#2311): the phone's
        # reloaded page would send the card through it under load. Cut those too, as a dead network would.
        def dead_network(route):
            route.abort("internetdisconnected")

        context.set_offline(True)
        context.route("**/api/score/**", dead_network)
        fill_card(second, stop.pk, {**CARD, "development_quality": "22"})
        second.locator(state).get_by_text("待发送").wait_for()
        second.get_by_test_id("net-state").get_by_text("网络已断开").wait_for()
        assert not Submission.objects.filter(attendee=tour.yandu_rater).exists()
        second.reload()  # offline: the service worker serves the page, localStorage still holds the card
        second.locator(state).get_by_text("待发送").wait_for()
        assert second.locator(f'form.score-form[data-stop="{stop.pk}"] input[name="development_quality"]') \
            .input_value() == "22"

        # The big screen, before the second phone comes back.
        log_in(page, live_server.url, tour.w.organiser.username)
        page.goto(f"{live_server.url}/meetings/{tour.meeting.pk}/screen/")
        # The screen counts the cards the server holds, never a phone's queue: 1/2 while the phone is cut off. Even
        # with its fetches routed to fail, Chromium lets one of the offline page's retries through about once in
        # ten runs under load (reproduced here, seen in CI); then the server holds it and the screen says 2/2.
        count, shown = page.get_by_test_id(f"count-{stop.pk}"), None
        for _ in range(60):
            stored = Submission.objects.filter(stop=stop, is_current=True).count()
            shown = count.inner_text() if count.count() else None
            if shown == f"{stored}/2":
                break
            page.wait_for_timeout(500)
        assert shown == f"{stored}/2" and stored >= 1, (shown, stored)

        context.unroute("**/api/score/**", dead_network)
        context.set_offline(False)
        second.locator(state).get_by_text("已确认（第1版）").wait_for()
        page.get_by_test_id(f"count-{stop.pk}").get_by_text("2/2").wait_for(timeout=5000)
        assert page.get_by_test_id("total-submitted").inner_text() == "2"
    finally:
        context.close()

    rows = Submission.objects.filter(stop=stop)
    assert rows.count() == 2 and rows.filter(is_current=True).count() == 2
    assert sorted(rows.values_list("values__development_quality", flat=True)) == [22, 26]
    assert rows.get(attendee=tour.city_rater).values["resource_integration"] == 17.5
