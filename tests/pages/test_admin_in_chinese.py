"""Django's admin in Chinese down to its JavaScript: the group and permission pickers read
选中要添加的组…, not "Choose 组 by selecting them" (Django's own zh_Hans catalogue lags behind
its admin scripts; ours fills the gap, and this test names any string a Django upgrade adds)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import django.contrib.admin
import pytest

ADMIN_JS = Path(django.contrib.admin.__file__).parent / "static" / "admin" / "js"
GETTEXT = re.compile(r"""gettext\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\)""")


def admin_script_strings() -> set[str]:
    found = set()
    for script in ADMIN_JS.rglob("*.js"):
        if "vendor" in script.parts:
            continue
        for single, double in GETTEXT.findall(script.read_text(encoding="utf-8")):
            found.add((single or double).replace("\\'", "'").replace('\\"', '"'))
    return found


@pytest.mark.django_db
def test_every_string_of_the_admin_scripts_is_translated(client_for, django_user_model):
    superuser = django_user_model.objects.create_superuser(username="root", password="x-long-password-1")
    response = client_for(superuser).get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S).group(1))

    wanted = admin_script_strings()
    assert 'Choose %s by selecting them and then select the "Choose" arrow button.' in wanted  # the scan works
    assert sorted(s for s in wanted if s not in catalog) == []
