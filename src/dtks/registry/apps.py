from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "dtks.registry"
    verbose_name = "Registri DTKS"
