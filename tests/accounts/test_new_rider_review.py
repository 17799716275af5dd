"""A reviewer signed up as a brand-new rider and looked at a partner operator's pages. What
they found, told as the rider, the partner, the reviewer and the superuser meet it:

1. the activity's button says 报名 (sign up for it), not 注册 (create an account);
2. a rider waiting for verification is told that signing up for an activity needs it, on the
   home card and on the activity's page, where the reason replaces the button;
3. the profile says when the privacy notice was agreed to in a sentence, and its 认证 line
   leads to the evidence upload (and is for riders only);
4. sign-up writes the phone as 139 1234 5678, never +8613912345678;
5. the sign-in and sign-up pages read as plain Chinese with 您, the consent's checkbox sits
   before its words, and the password's button is the primary one;
6. the messages about the screenshot agree and follow it; after sign-up one message, not three;
7. the reviewer's verification page has no empty 工号 row and shows the rider's community,
   and "evidence uploaded" is not coloured as an approval;
8. the notification settings list the riders' notices to riders only, and a superuser the
   notices of their own roles.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from friendlystreet.accounts.models import User, Verification
from friendlystreet.notifications import kinds
from friendlystreet.notifications.services import DIGEST_KIND
from tests.accounts.test_phone_signup_and_login import SIGNUP, last_code, sign_up
from tests.factories import TEST_PASSWORD, RiderFactory, StreetAdminFactory
from tests.points.factories import image_bytes
from tests.venues.factories import CommunityFactory
from tests.volunteers.factories import ActivityFactory

pytestmark = pytest.mark.django_db

NEW_PHONE = "+8613800000099"  # SIGNUP's "138 0000 0099"
NBSP = "\u00a0"
SHOWN_PHONE = f"138{NBSP}0000{NBSP}0099"  # grouped, on one line
EVIDENCE = "/profile/evidence/"


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def flash_messages(html: str) -> list[str]:
    return re.findall(r'<li class="msg [^"]*">(.*?)</li>', html, re.S)


def a_screenshot() -> SimpleUploadedFile:
    return SimpleUploadedFile("me.jpg", image_bytes(), content_type="image/jpeg")


@pytest.fixture
def new_rider(db):
    return RiderFactory(display_name="新骑手", verification=Verification.UNVERIFIED)


@pytest.fixture
def open_activity(db):
    return ActivityFactory(title="成龙路街道清洁", capacity=10)


# --- 1. 报名, not 注册 ----------------------------------------------------------------------------


def test_the_activity_button_says_baoming_not_zhuce(client_for, rider, open_activity):
    page = html_of(client_for(rider).get(reverse("volunteers:activity_detail", args=[open_activity.pk])))

    button = re.search(r'<button type="submit" data-testid="signup">(.*?)</button>', page, re.S).group(1)
    assert button.strip() == "报名"


def test_the_account_sign_up_still_says_zhuce(client):
    page = html_of(client.get("/"))

    assert '<a href="/accounts/signup/">注册</a>' in page  # the top bar: create an account


# --- 2. signing up for an activity needs verification ------------------------------------------


def test_an_unverified_rider_sees_why_instead_of_a_sign_up_button(client_for, new_rider, open_activity):
    client = client_for(new_rider)
    url = reverse("volunteers:activity_detail", args=[open_activity.pk])

    page = html_of(client.get(url))

    assert 'data-testid="signup"' not in page
    note = re.search(r'data-testid="signup-needs-verification"(.*?)</div>', page, re.S).group(1)
    assert "街道办认证您的账号后，即可报名活动。" in note
    assert f'href="{EVIDENCE}"' in note
    # The rule stays in the service: a sign-up posted anyway is refused, with the same reason.
    refused = client.post(reverse("volunteers:activity_signup", args=[open_activity.pk]), follow=True)
    assert "您的账号尚未通过街道办认证，暂时不能报名活动。请在“我的资料”中完成认证。" in html_of(refused)
    assert not open_activity.signups.exists()


def test_an_unverified_rider_who_sent_the_screenshot_is_told_to_wait(client_for, new_rider, open_activity):
    client = client_for(new_rider)
    client.post(EVIDENCE, {"evidence": a_screenshot()})

    page = html_of(client.get(reverse("volunteers:activity_detail", args=[open_activity.pk])))

    note = re.search(r'data-testid="signup-needs-verification"(.*?)</div>', page, re.S).group(1)
    assert "已收到您的截图" in note and EVIDENCE not in note
    assert 'data-testid="signup"' not in page


def test_once_verified_the_rider_gets_the_button(client_for, new_rider, open_activity):
    User.objects.filter(pk=new_rider.pk).update(verification=Verification.VERIFIED)

    page = html_of(client_for(new_rider).get(reverse("volunteers:activity_detail", args=[open_activity.pk])))

    assert 'data-testid="signup"' in page and "signup-needs-verification" not in page


def test_the_home_card_says_activities_open_with_verification(client_for, new_rider):
    page = html_of(client_for(new_rider).get("/home/"))

    card = re.search(r'id="home-verification"(.*?)</section>', page, re.S).group(1)
    assert "认证通过后即可申请和兑换积分、报名活动和上报线索" in card
    assert "您可以先使用地图、浏览活动" in card
    assert "参加活动" not in card


# --- 3. the profile ------------------------------------------------------------------------------


def test_the_profile_says_when_the_privacy_notice_was_agreed_to_in_a_sentence(client):
    sign_up(client)
    client.post("/accounts/phone/verify/", {"code": last_code(NEW_PHONE)})

    page = html_of(client.get("/profile/"))

    consent = re.search(r'<dd data-testid="profile-consent">(.*?)</dd>', page, re.S).group(1)
    assert re.fullmatch(r"已同意（2026-11 版），\d{4}-\d\d-\d\d \d\d:\d\d", consent), consent
    assert "<dt>隐私告知</dt>" in page


def test_an_unverified_riders_verification_line_leads_to_the_upload(client_for, new_rider):
    client = client_for(new_rider)

    line = re.search(r'<dd data-testid="profile-verification">(.*?)</dd>', html_of(client.get("/profile/")), re.S).group(1)
    assert "未认证" in line and f'href="{EVIDENCE}"' in line and "上传截图" in line

    client.post(EVIDENCE, {"evidence": a_screenshot()})
    line = re.search(r'<dd data-testid="profile-verification">(.*?)</dd>', html_of(client.get("/profile/")), re.S).group(1)
    assert "已收到截图，等待街道办认证" in line


def test_a_verified_rider_sees_the_line_without_a_link(client_for, rider):
    line = re.search(r'<dd data-testid="profile-verification">(.*?)</dd>', html_of(client_for(rider).get("/profile/")), re.S)
    assert "已认证" in line.group(1) and EVIDENCE not in line.group(1)


@pytest.mark.parametrize("persona", ["merchant_a", "reviewer", "street_admin"])
def test_partners_and_staff_see_no_verification_line(client_for, persona, request):
    user = request.getfixturevalue(persona)

    page = html_of(client_for(user).get("/profile/"))

    assert 'data-testid="profile-verification"' not in page
    assert "<dt>认证</dt>" not in page


# --- 4. the phone as riders write it ------------------------------------------------------------


def test_sign_up_shows_the_phone_grouped_not_in_e164(client):
    code_page = html_of(client.get(sign_up(client)["Location"]))

    assert "+86" not in code_page
    assert 'href="tel:' not in code_page  # the rider's own number: tapping it would dial themselves
    assert f"验证码已发送至 {SHOWN_PHONE}。" in code_page
    assert f"验证码已发送至 <strong>{SHOWN_PHONE}</strong>，10 分钟内有效" in code_page

    response = client.post("/accounts/phone/verify/", {"code": last_code(NEW_PHONE)})
    home = html_of(client.get(response["Location"]))
    assert "+86" not in " ".join(flash_messages(home))
    assert SHOWN_PHONE in " ".join(flash_messages(home))


def test_a_changed_phone_is_confirmed_as_riders_write_it(client_for, rider):
    client = client_for(rider)

    sent = client.post("/accounts/phone/change/", {"phone": "139 1234 5678"}, follow=True)
    assert f"验证码已发送至 139{NBSP}1234{NBSP}5678。" in html_of(sent)

    done = client.post("/accounts/phone/verify/", {"code": last_code("+8613912345678")}, follow=True)
    told = " ".join(flash_messages(html_of(done)))
    # The number changed (accounts.md #1), and the message says so, not just "verified".
    assert f"您的手机号已改为 139{NBSP}1234{NBSP}5678，今后请用新号码登录。" in told and "+86" not in told


def test_the_sign_in_code_page_shows_the_phone_grouped(client, rider):
    client.post("/accounts/login/code/", {"phone": rider.phone[3:]})

    page = html_of(client.get("/accounts/login/code/confirm/"))

    local = rider.phone[3:]
    grouped = f"{local[:3]}{NBSP}{local[3:7]}{NBSP}{local[7:]}"
    assert f"登录验证码已发送至 {grouped}。" in page
    assert f"<strong>{grouped}</strong>" in page and 'href="tel:' not in page
    # The same invitation to sign up as the sign-in page's.
    assert '还没有账号？请先<a href="/accounts/signup/">注册</a>。' in page


# --- 5. the sign-in and sign-up pages -----------------------------------------------------------


def test_the_sign_up_page_reads_as_plain_chinese(client):
    page = html_of(client.get("/accounts/signup/"))

    assert '已有账号？请<a href="/accounts/login/">登录</a>。' in page
    assert "您的密码不能全是数字。" in page and "您的密码至少要包含 8 个字符。" in page
    assert "你" not in page


def test_the_consent_checkbox_comes_before_its_words_on_one_line(client):
    page = html_of(client.get("/accounts/signup/"))

    label = re.search(r'<label class="check" for="id_privacy_consent">(.*?)</label>', page, re.S).group(1)
    assert label.lstrip().startswith('<input type="checkbox" name="privacy_consent"')
    assert "我已阅读并同意" in label and 'href="/privacy/"' in label
    assert "：" not in label
    assert 'rel="noopener">《隐私告知》</a>' in label and "同意<a" in label  # the title's book marks, no gap


def test_a_refused_password_speaks_with_nin(client):
    response = sign_up(client, password1="12345678", password2="12345678")

    errors = " ".join(response.context["form"].errors["password1"])
    assert "这个密码太常见了" in errors or "密码只包含数字" in errors
    assert "你" not in response.content.decode()


def test_the_login_field_says_what_to_type(client):
    page = html_of(client.get("/accounts/login/"))

    assert '<label for="id_login">用户名或手机号：</label>' in page
    assert '还没有账号？请先<a href="/accounts/signup/">注册</a>。' in page


def test_the_password_button_is_the_primary_one(client):
    page = html_of(client.get("/accounts/login/"))

    actions = re.search(r'<div class="big-links login-actions">(.*?)</div>', page, re.S).group(1)
    submit = re.search(r"<button[^>]*>", actions).group(0)
    assert 'type="submit"' in submit and 'class="button"' in submit  # the site's primary button
    code = re.search(r'<a[^>]*id="login-by-code"[^>]*>', actions).group(0)
    assert 'class="button secondary"' in code
    assert actions.index("<button") < actions.index('id="login-by-code"')


def test_a_rider_still_signs_in_with_the_phone(client, rider):
    response = client.post("/accounts/login/", {"login": rider.phone[3:], "password": TEST_PASSWORD})

    assert response.status_code == 302


# --- 6. the screenshot's messages, and one welcome ---------------------------------------------


def test_after_sign_up_there_is_one_message_and_one_upload_prompt(client):
    client.get(sign_up(client)["Location"])  # the code page (with its "code sent")

    response = client.post("/accounts/phone/verify/", {"code": last_code(NEW_PHONE)})
    home = html_of(client.get(response["Location"]))

    told = flash_messages(home)
    assert len(told) == 1, told
    assert told[0] == f"欢迎加入，{SIGNUP['display_name']}！您的手机号 {SHOWN_PHONE} 已验证。"
    assert home.count(f'href="{EVIDENCE}"') == 1  # the home card's, once
    assert flash_messages(html_of(client.get("/home/"))) == []  # and the welcome only once


def test_a_returning_rider_is_still_told_they_signed_in(client, rider):
    User.objects.filter(pk=rider.pk).update(last_login=timezone.now())  # they signed in before
    # From a page that asked them to sign in; on the home page its heading greets them instead.
    data = {"login": rider.phone[3:], "password": TEST_PASSWORD, "next": "/rewards/"}
    response = client.post("/accounts/login/", data, follow=True)

    assert any(m.startswith("欢迎回来，") for m in flash_messages(html_of(response)))


def test_the_claim_page_says_the_screenshot_was_received(client_for, new_rider):
    client = client_for(new_rider)
    before = html_of(client.get("/points/claims/new/"))
    assert "上传平台个人资料截图" in before

    client.post(EVIDENCE, {"evidence": a_screenshot()})
    after = html_of(client.get("/points/claims/new/"))

    assert "上传平台个人资料截图" not in after
    assert "已收到您的截图，街道办一般在几个工作日内完成认证。" in after
    assert "等待街道办认证" in after


def test_the_upload_page_asks_as_the_home_card_does_and_leads_home(client_for, new_rider):
    page = html_of(client_for(new_rider).get(EVIDENCE))

    assert "可能需要" not in page and "请在这里上传" in page
    assert '<a href="/home/" data-testid="back-home">← 返回首页</a>' in page
    assert "返回我的资料" not in page


def test_the_report_page_of_an_unverified_rider_says_jiedaoban(client_for, new_rider):
    page = html_of(client_for(new_rider).get(reverse("volunteers:report_new")))

    assert "等待街道办认证" in page and "街道认证" not in page


def test_every_chinese_text_names_the_street_office_jiedaoban():
    from django.utils.translation import gettext

    with translation.override("zh-hans"):
        for msgid in (
            "Your account is waiting for verification by the street office. Once you are verified you can report problems here.",
            "Your account has not been verified by the street office yet, so you cannot report problems. "
            "Finish verification on My profile.",
        ):
            assert "街道办" in gettext(msgid), msgid


# --- 7. the reviewer's verification page --------------------------------------------------------


def test_the_verification_page_hides_an_empty_work_id_and_shows_the_community(client_for, reviewer, new_rider):
    community = CommunityFactory(name="驿都社区")
    client_for(new_rider).post(
        reverse("volunteers:profile_edit"),
        {"display_name": "新骑手", "platform": "美团", "work_type": "delivery", "home_community": community.pk},
    )

    page = html_of(client_for(reviewer).get(f"/staff/riders/{new_rider.pk}/decide/"))

    assert "工号" not in page and 'data-testid="rider-work-id"' not in page
    assert '<dd data-testid="rider-community">驿都社区</dd>' in page


def test_a_work_id_the_rider_has_is_shown(client_for, reviewer, new_rider):
    User.objects.filter(pk=new_rider.pk).update(work_id="MT-778899")

    page = html_of(client_for(reviewer).get(f"/staff/riders/{new_rider.pk}/decide/"))

    assert '<dd data-testid="rider-work-id">MT-778899</dd>' in page
    assert 'data-testid="rider-community"' not in page  # no community given: no row


def test_evidence_uploaded_is_not_styled_as_an_approval(client_for, reviewer, new_rider):
    client_for(new_rider).post(EVIDENCE, {"evidence": a_screenshot()})

    page = html_of(client_for(reviewer).get("/staff/riders/"))

    badge = re.search(r'<span class="([^"]*)" data-testid="evidence-uploaded">已上传材料</span>', page)
    assert badge and badge.group(1) == "status"


# --- 8. notification settings by audience ------------------------------------------------------


def label(code: str) -> str:
    with translation.override("zh-hans"):
        return str(kinds.get(code).label)


RIDERS_ONLY = ("welcome", "venues.tip_approved", "venues.tip_rejected")


def test_a_partner_is_not_offered_the_riders_welcome_or_tip_notices(client_for, merchant_a):
    page = html_of(client_for(merchant_a).get("/notifications/settings/"))

    for code in RIDERS_ONLY:
        assert label(code) not in page, code
    assert "我的小区贴士通过审核" not in page and "欢迎消息" not in page


def test_a_rider_is_offered_them(client_for, rider):
    page = html_of(client_for(rider).get("/notifications/settings/"))

    for code in RIDERS_ONLY:
        assert label(code) in page, code


def test_a_superuser_is_offered_the_notices_of_their_roles_only(client_for):
    admin = StreetAdminFactory(is_superuser=True)

    page = html_of(client_for(admin).get("/notifications/settings/"))

    assert label(DIGEST_KIND) in page  # their role's (street admin)
    for code in (*RIDERS_ONLY, "points_claim_approved", "volunteers_activity_reminder", "points_reward_published"):
        assert label(code) not in page, code
    assert label("privacy_deletion_scheduled") in page  # for everyone


def test_a_superuser_still_may_do_everything(client_for):
    admin = StreetAdminFactory(is_superuser=True)

    assert admin.has_perm("points.submit_claim") and admin.has_perm("accounts.receive_rider_notices")
    assert client_for(admin).get("/staff/").status_code == 200


# --- at 360 px, in a browser --------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_sign_in_buttons_are_equally_big_the_primary_first(live_server, browser):
    page = browser.new_context(viewport={"width": 360, "height": 780}, locale="zh-CN").new_page()

    page.goto(f"{live_server.url}/accounts/login/")

    submit = page.locator("#login-submit").bounding_box()
    code = page.locator("#login-by-code").bounding_box()
    assert submit["width"] == code["width"] and submit["width"] >= 300
    assert submit["height"] >= 44 and code["height"] >= 44
    assert submit["y"] < code["y"]
    consent_page = page.context.new_page()
    consent_page.goto(f"{live_server.url}/accounts/signup/")
    box = consent_page.locator("#id_privacy_consent").bounding_box()
    words = consent_page.get_by_text("我已阅读并同意").bounding_box()
    assert box["x"] < words["x"] and abs((box["y"] + box["height"] / 2) - (words["y"] + words["height"] / 2)) < 12
