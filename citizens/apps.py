from django.apps import AppConfig


class CitizensConfig(AppConfig):
    """The citizen side inside a municipality (tenant schema): petitions, electronic
    notices (intimação), representation, the city's calendar."""

    name = "citizens"
    verbose_name = "Cidadãos"
