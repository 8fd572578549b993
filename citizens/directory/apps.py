from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The state-wide index of where a person is a party (public schema)."""

    name = "citizens.directory"
    label = "citizen_directory"
    verbose_name = "Índice de interessados"
