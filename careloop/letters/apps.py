from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "careloop.letters"
    label = "letters"

    def ready(self) -> None:
        # Models are importable only once apps are loaded, hence here and not at the top.
        from careloop.letters.record_source import communications_for_record  # noqa: PLC0415
        from careloop.record.sources import communications_reader_register  # noqa: PLC0415

        communications_reader_register(communications_for_record)

        from careloop.outbox.signals import email_status_changed  # noqa: PLC0415

        email_status_changed.connect(_follow_email, dispatch_uid="letters.follow_email")


def _follow_email(sender: object, *, email: object, **kwargs: object) -> None:
    from careloop.letters.services.delivery import delivery_follow_email  # noqa: PLC0415

    delivery_follow_email(email=email)  # type: ignore[arg-type]
