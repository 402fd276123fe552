from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "careloop.letters"
    label = "letters"

    def ready(self) -> None:
        # Models are importable only once apps are loaded, hence here and not at the top.
        from careloop.letters.record_source import communications_for_record  # noqa: PLC0415
        from careloop.record.sources import communications_reader_register  # noqa: PLC0415

        communications_reader_register(communications_for_record)
