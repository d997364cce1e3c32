"""Seed the 2025 minimum wages of the demo region (public figures): Lampung's UMP and Kota
Bandar Lampung's UMK. Pusdatin edits them, and adds others, on /program/upah-minimum/."""

from django.db import migrations

WAGES_2025 = [
    ("18", 2025, 2_893_070, "UMP Provinsi Lampung 2025 (Keputusan Gubernur Lampung)"),
    ("18.71", 2025, 3_257_615, "UMK Kota Bandar Lampung 2025 (Keputusan Gubernur Lampung)"),
]


def seed(apps, schema_editor):
    MinimumWage = apps.get_model("programs", "MinimumWage")
    for code, year, amount, source in WAGES_2025:
        MinimumWage.objects.get_or_create(
            kode_wilayah=code, year=year, defaults={"amount": amount, "source": source}
        )


def unseed(apps, schema_editor):
    MinimumWage = apps.get_model("programs", "MinimumWage")
    for code, year, amount, _source in WAGES_2025:
        MinimumWage.objects.filter(kode_wilayah=code, year=year, amount=amount).delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
