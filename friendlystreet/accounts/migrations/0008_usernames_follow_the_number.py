"""Usernames made of a number the account no longer holds get the name of the number it holds.

Until 3da2546 a change of number left the username made of the old one (rider13912340001): it
still signed in with the password, showed the old number to staff and in the app, and kept the
number's next holder from signing up. Since then adapter.phone_change renames it; this renames
those left by earlier changes, by the same rule: phones.rider_username, imported (a pure
function of the number, which must stay so; see its docstring).

The names are freed first and then given: the name made of the number an account holds now
can only be held by an account that held that number before, which is renamed here too (two
accounts that swapped numbers swap names). So the names given are free, and no second rule for
making names unique is needed. One exception: an account with no number at all keeps its name
(no number to name it by); should it hold the name another account is due, that other account
keeps its name too (sign-up makes its own name unique, so nobody is kept from signing up).
"""

import re

from django.db import migrations

from friendlystreet.accounts.phones import rider_username

MADE_OF_A_NUMBER = re.compile(r"rider1[3-9][0-9]{9}")


def rename_usernames_left_by_a_change_of_number(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    made_of_a_number = User.objects.filter(username__regex=r"^rider1[3-9][0-9]{9}$").only("id", "username", "phone")
    stale = [
        user
        for user in made_of_a_number
        if user.phone and MADE_OF_A_NUMBER.fullmatch(user.username) and user.username != rider_username(user.phone)
    ]
    freed = {user.username for user in stale}
    due = [rider_username(user.phone) for user in stale]
    kept = set(User.objects.filter(username__in=due).values_list("username", flat=True))
    renamed = [user for user in stale if rider_username(user.phone) not in kept - freed]
    for user in renamed:
        # Free the name first (within this migration's transaction: nobody ever sees it).
        User.objects.filter(pk=user.pk).update(username=f"renaming-{user.pk}")
    for user in renamed:
        User.objects.filter(pk=user.pk).update(username=rider_username(user.phone))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_language_blank_follows_the_browser"),
    ]

    operations = [
        # Not reversed: the old names were the fault.
        migrations.RunPython(rename_usernames_left_by_a_change_of_number, migrations.RunPython.noop, elidable=True),
    ]
