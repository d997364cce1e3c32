from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "dtks.intake"
    verbose_name = "Penerimaan data"
