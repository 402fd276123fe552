from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "careloop.accounts"
    label = "accounts"

    def ready(self) -> None:
        from careloop.accounts import signals  # noqa: F401, PLC0415 - connects the audit receivers once apps are loaded
