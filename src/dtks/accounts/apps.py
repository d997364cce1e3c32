from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dtks.accounts"
    verbose_name = "Akun"
