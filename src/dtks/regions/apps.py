from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "dtks.regions"
    verbose_name = "Wilayah"
