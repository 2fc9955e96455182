"""The translation store in the account's data download and deletion.

Registered with the accounts package's lists of exporters and erasers. Deleting a
contribution deletes its translations (a foreign key with ON DELETE CASCADE), and a changed
or redacted text drops its old translations in the same transaction (:mod:`.events`), so
retention rules that delete or redact contributions cover the store without more wiring.
"""

from __future__ import annotations

from ..accounts import operations as account_ops
from .operations import erase_for_user, export_for_user

KEY = "machine_translations"


def register() -> None:
    if (KEY, export_for_user) not in account_ops.DATA_EXPORTERS:
        account_ops.DATA_EXPORTERS.append((KEY, export_for_user))
    if erase_for_user not in account_ops.DATA_ERASERS:
        account_ops.DATA_ERASERS.append(erase_for_user)


register()
