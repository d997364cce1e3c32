from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "dtks.programs"
    verbose_name = "Program bantuan"
