from django.contrib import admin

from participatienet.regions.models import Municipality, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "reference_region", "provinces"]
    search_fields = ["name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "nis_code", "region", "province"]
    list_filter = ["region"]
    search_fields = ["name", "nis_code", "postcodes"]
