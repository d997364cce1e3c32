from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dtks.dashboard"
    verbose_name = "Dasbor"
