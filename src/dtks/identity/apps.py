from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "dtks.identity"
    verbose_name = "Identitas"
