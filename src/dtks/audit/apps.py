from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "dtks.audit"
    verbose_name = "Jejak audit"
