"""Version 1 of the collaboration scan, published: eight dimensions in plain Dutch.

The texts are data, not translations: a programme admin changes them by publishing a new
version. The dimension keys stay the same in every version, so waves can be compared.
"""

from django.db import migrations
from django.utils import timezone

#: (key, title, description, statements, open question)
VERSION_ONE = [
    (
        "shared_ambition",
        "Gedeelde ambitie",
        "Weten we samen waar we naartoe willen?",
        [
            "We weten samen waar we met het netwerk naartoe willen.",
            "De doelen van het netwerk zijn ook de doelen van mijn organisatie.",
            "We hebben tussendoelen afgesproken die iedereen kent.",
        ],
        "Wat is voor jou de belangrijkste ambitie van ons netwerk?",
    ),
    (
        "interests_roles",
        "Belangen en rollen",
        "Is het duidelijk wie wat doet, en wat iedereen uit de samenwerking wil halen?",
        [
            "Het is duidelijk wie in het netwerk welke rol opneemt.",
            "Ik weet wat de andere partners uit de samenwerking willen halen.",
            "Mijn organisatie kan haar eigen belangen open op tafel leggen.",
            "Het is duidelijk wat het Agentschap Integratie en Inburgering doet en wat de "
            "lokale besturen doen.",
        ],
        "Over welke rol of taak is er nog onduidelijkheid?",
    ),
    (
        "ownership",
        "Eigenaarschap",
        "Een goed netwerk heeft geen superman aan het stuur: partners nemen elk een stuk op.",
        [
            "Niet één persoon of organisatie trekt alles: verschillende partners nemen een "
            "stuk op.",
            "Als de netwerkcoach even wegvalt, loopt de samenwerking gewoon door.",
            "Partners nemen om beurten de kop, bijvoorbeeld voor een actie of een overleg.",
            "Mijn organisatie voelt zich mee verantwoordelijk voor wat het netwerk bereikt.",
        ],
        "Wat zou jouw organisatie meer kunnen opnemen?",
    ),
    (
        "communication",
        "Communicatie en informatie-uitwisseling",
        "Korte lijnen: vind je snel de juiste persoon en de juiste informatie?",
        [
            "Ik weet bij wie ik terecht kan met een vraag over het participatietraject.",
            "Informatie komt snel bij de juiste persoon, ook buiten het vaste overleg.",
            "Knelpunten worden open benoemd.",
        ],
        "Welke informatie mis je nu het vaakst?",
    ),
    (
        "trust_empathy",
        "Vertrouwen en empathie",
        "Kijken we ook vanuit de ogen van de andere partners?",
        [
            "Ik vertrouw erop dat de andere partners doen wat ze beloven.",
            "We proberen te begrijpen hoe de andere partners naar de dingen kijken.",
            "Ik durf in het netwerk ook te zeggen wat niet goed loopt.",
        ],
        "Wat zou het vertrouwen tussen de partners sterker maken?",
    ),
    (
        "newcomer_focus",
        "Focus op de nieuwkomer",
        "Voor wie doen we het? Vertrekken we van de vragen van nieuwkomers?",
        [
            "In ons overleg vertrekken we van de vragen van nieuwkomers.",
            "We bespreken concrete situaties van nieuwkomers en leren daaruit.",
            "Wat nieuwkomers en aanbodpartners als feedback geven, gebruiken we ook echt.",
            "Het aanbod in onze regio past bij wat nieuwkomers nodig hebben.",
        ],
        "Wat zou voor nieuwkomers het meeste verschil maken?",
    ),
    (
        "energy",
        "Energie en samen doen",
        "Samen dingen doen geeft energie aan de samenwerking.",
        [
            "Ik krijg energie van de samenwerking in het netwerk.",
            "We doen geregeld concrete dingen samen, niet alleen vergaderen.",
            "Nieuwe partners vinden makkelijk hun plaats in het netwerk.",
        ],
        "Welke gezamenlijke actie gaf jou de voorbije tijd energie?",
    ),
    (
        "results",
        "Resultaten",
        "Wat levert de samenwerking op, voor nieuwkomers en voor de partners?",
        [
            "Door het netwerk vinden meer nieuwkomers een activiteit die bij hen past.",
            "Er doen meer verschillende organisaties mee dan vroeger, niet alleen de "
            "bekende partners.",
            "We zien wat we samen al bereikt hebben.",
        ],
        "Op welk resultaat van het netwerk ben je het meest trots?",
    ),
]


def load_version_one(apps, schema_editor):
    ScanVersion = apps.get_model("collaboration", "ScanVersion")
    Dimension = apps.get_model("collaboration", "Dimension")
    Statement = apps.get_model("collaboration", "Statement")
    OpenQuestion = apps.get_model("collaboration", "OpenQuestion")
    if ScanVersion.objects.filter(number=1).exists():
        return
    now = timezone.now()
    version = ScanVersion.objects.create(
        number=1,
        status="published",
        note="Eerste versie.",
        created_at=now,
        published_at=now,
    )
    for order, (key, title, description, statements, question) in enumerate(VERSION_ONE, 1):
        dimension = Dimension.objects.create(
            version=version, key=key, title=title, description=description, order=order
        )
        Statement.objects.bulk_create(
            Statement(dimension=dimension, text=text, order=number)
            for number, text in enumerate(statements, 1)
        )
        OpenQuestion.objects.create(dimension=dimension, text=question)


def remove_version_one(apps, schema_editor):
    ScanVersion = apps.get_model("collaboration", "ScanVersion")
    ScanVersion.objects.filter(number=1, waves__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("collaboration", "0001_initial")]

    operations = [migrations.RunPython(load_version_one, remove_version_one)]
