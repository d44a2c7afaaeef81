"""Demo practices of the practice library (inspiratiegids), in Dutch, with interest of other
regions.

The practices come from what the networks themselves tell at their learning days (see
``shared/context`` and ``PRODUCT.md``): a buddy system with sports clubs, a partner café with a
rotating host, a shared calendar of activities, referral cards, direct contact points, a case
meeting that goes from practice to patterns, ... Texts are data, not UI, so they are Dutch here.

``seed_practices`` needs the regions (a data migration loads them) and, for contact points and
authors, the organisations and coordinators of the demo network; without them a practice gets
its contact outside the network and no author, and interest is only marked by regions that have
a coordinator.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import transaction

from participatienet.accounts.choices import Role
from participatienet.accounts.models import Membership, User
from participatienet.network.choices import OrganisationKind as Org
from participatienet.network.models import ContactPoint
from participatienet.practices.choices import PracticeStatus
from participatienet.practices.choices import PracticeTheme as T
from participatienet.practices.models import Practice, PracticeInterest, PracticeLink
from participatienet.regions.models import Region

#: Where every demo contact outside the network gets its e-mail address.
OUTSIDE_DOMAIN = "participatienet.demo"


@dataclass(frozen=True)
class PracticeTemplate:
    region: str
    title: str
    #: The main theme first.
    themes: tuple[int, ...]
    what: str
    why: str
    how: str
    lessons: str
    #: Kinds of organisation whose contact point tells more, in order of preference; empty:
    #: the contact is outside the network (``outside``).
    contact_kinds: tuple[str, ...] = ()
    #: Words of which one should be in the name of an organisation of the first kind (a sports
    #: club, not a chess club); without such an organisation the next kinds come first.
    contact_words: tuple[str, ...] = ()
    outside: tuple[str, str] = ("", "")
    links: tuple[tuple[str, str], ...] = ()
    #: Regions that want to try it, with their note.
    interest: tuple[tuple[str, str], ...] = ()
    status: str = PracticeStatus.PUBLISHED
    #: How many days ago it was published (at most).
    age: int = 420


AGII_SITE = ("Het participatie- en netwerktraject", "https://www.integratie-inburgering.be")
VVSG_SITE = ("VVSG over lokaal integratiebeleid", "https://www.vvsg.be")

PRACTICES: tuple[PracticeTemplate, ...] = (
    PracticeTemplate(
        region="gent",
        title="Buddywerking met sportclubs",
        themes=(T.BUDDY, T.LEISURE, T.LOCAL_OFFER),
        what=(
            "Elke nieuwkomer die bij een sportclub aansluit, krijgt een vaste buddy uit die club: "
            "een speler, een trainer of een ouder die er elke week is. De buddy wacht de "
            "nieuwkomer de eerste keren op aan de ingang, stelt hem of haar voor aan de ploeg en "
            "legt uit hoe de club werkt."
        ),
        why=(
            "Trajectbegeleiders vonden clubs die nieuwkomers wilden ontvangen, maar veel "
            "nieuwkomers haakten na twee of drie trainingen af. Ze voelden zich een buitenstaander "
            "en durfden niet te vragen hoe het zat met lidgeld, kleedkamers of de derde helft."
        ),
        how=(
            "De netwerkcoach spreekt per club één aanspreekpunt af dat de buddy's zoekt. Bij een "
            "doorverwijzing belt de trajectbegeleider dat aanspreekpunt, dat meteen een buddy "
            "koppelt. Na zes weken is er een kort belrondje: komt de nieuwkomer nog, en hoe gaat "
            "het met de buddy? De stad betaalt het lidgeld van het eerste jaar terug."
        ),
        lessons=(
            "Begin klein: we startten met twee voetbalclubs die al wilden, niet met een oproep "
            "aan alle clubs. Een buddy heeft geen opleiding nodig, wel een telefoonnummer van "
            "iemand die hij kan bellen als het moeilijk loopt. Vier de eerste successen samen met "
            "de club: dat trekt andere clubs over de streep."
        ),
        contact_kinds=(Org.CLUB, Org.LOCAL_GOVERNMENT),
        contact_words=("voetbal", "fc", "sport", "basket", "volley", "zwem", "tennis", "turn"),
        links=(AGII_SITE,),
        interest=(
            ("kempen", "Wij hebben veel wandel- en fietsclubs. Kunnen we eens langskomen?"),
            ("midwest", "Graag jullie afsprakenkaartje met de clubs."),
            ("denderregio", ""),
        ),
        age=380,
    ),
    PracticeTemplate(
        region="kempen",
        title="Partnercafé met wisselende gastheer",
        themes=(T.COLLABORATION, T.COMMUNICATION),
        what=(
            "Vier keer per jaar is er een informeel partnercafé voor alle organisaties van het "
            "netwerk: lokale besturen, clubs, het Agentschap, welzijnsorganisaties en bedrijven. "
            "Telkens bij een andere partner, op een andere plek in de regio."
        ),
        why=(
            "Op de formele stuurgroep zaten altijd dezelfde mensen, en veel partners kenden "
            "elkaar alleen van naam. Een succesvol netwerk heeft geen superman aan het stuur, "
            "maar partners die elk een stuk eigenaarschap opnemen. Daar moet je elkaar eerst "
            "voor kennen."
        ),
        how=(
            "De gastheer kiest het uur en zorgt voor koffie. Er zijn twee korte pitches van vijf "
            "minuten: een partner vertelt wat hij doet, een andere een knelpunt waar hij hulp bij "
            "zoekt. Daarna is er veel tijd om te praten. De netwerkcoach stuurt achteraf een "
            "mail met wie er was en welke afspraken er gemaakt zijn."
        ),
        lessons=(
            "Neem beurtelings de kop, zoals in een wielerploeg: de wisselende gastheer maakt dat "
            "het café van iedereen is. Benoem knelpunten openlijk, dat gaf de beste gesprekken. "
            "Plan de data een jaar vooruit, anders lukt het niet."
        ),
        contact_kinds=(Org.LOCAL_GOVERNMENT, Org.COMMUNITY_CENTRE),
        interest=(
            ("gent", "Mooi idee voor onze partners in de stad. Hoe groot is de groep meestal?"),
            ("westhoek", "Wij denken aan een zomereditie. Mogen we jullie draaiboek?"),
            ("limburg", ""),
            ("regio-brugge", "Graag een gesprek met jullie netwerkcoach."),
        ),
        age=300,
    ),
    PracticeTemplate(
        region="limburg",
        title="Eén gedeelde activiteitenkalender voor de hele regio",
        themes=(T.LOCAL_OFFER, T.COMMUNICATION),
        what=(
            "Alle partners zetten hun activiteiten waar nieuwkomers welkom zijn in één gedeelde "
            "kalender, per gemeente en per week. Trajectbegeleiders en integratiecoaches vinden "
            "er in één oogopslag wat er deze week in de buurt van een nieuwkomer te doen is."
        ),
        why=(
            "Met 38 gemeenten in de regio wist niemand wat er overal liep. Trajectbegeleiders "
            "verwezen naar wat ze kenden, en dat waren altijd dezelfde organisaties."
        ),
        how=(
            "Elke partner krijgt een vast aanspreekpunt dat de eigen activiteiten invult. De "
            "netwerkcoach kijkt de kalender elke maand na en belt partners die lang niets "
            "toevoegden. Eén keer per kwartaal sturen we een overzicht van nieuwe activiteiten "
            "naar alle trajectbegeleiders."
        ),
        lessons=(
            "Hou het simpel: titel, dag, uur, plaats en of er kinderopvang is. Meer velden vult "
            "niemand in. Een kalender leeft pas als trajectbegeleiders hem echt gebruiken: vraag "
            "hen wat ze erin missen."
        ),
        contact_kinds=(Org.LOCAL_GOVERNMENT, Org.AGII),
        interest=(
            ("oost-brabant", "Wij zoeken een manier om het aanbod van kleine gemeenten te tonen."),
            ("zuid-west-vlaanderen", ""),
        ),
        age=260,
    ),
    PracticeTemplate(
        region="zuid-west-vlaanderen",
        title="Doorverwijskaartjes met een vaste contactpersoon",
        themes=(T.REFERRAL, T.FEEDBACK),
        what=(
            "De trajectbegeleider geeft de nieuwkomer een kaartje mee met de naam, het adres, "
            "een foto van de plek en het telefoonnummer van de contactpersoon bij de organisatie. "
            "Op de achterkant staat in eenvoudig Nederlands wat de nieuwkomer de eerste keer mag "
            "verwachten."
        ),
        why=(
            "Nieuwkomers kwamen aan de verkeerde deur of wisten niet naar wie ze moesten vragen. "
            "Organisaties wisten op hun beurt niet dat er iemand zou komen."
        ),
        how=(
            "Elke partner levert een foto en een vaste contactpersoon aan. De kaartjes worden "
            "per organisatie gedrukt. Bij elke doorverwijzing stuurt de trajectbegeleider de "
            "contactpersoon een kort bericht, en na de eerste keer belt de contactpersoon terug: "
            "is de nieuwkomer gekomen, en hoe ging het?"
        ),
        lessons=(
            "De foto van de ingang doet meer dan een routebeschrijving. Het terugbelmoment is "
            "het belangrijkste: zo hoor je snel als iets niet loopt, en krijgen organisaties "
            "feedback na elk traject."
        ),
        contact_kinds=(Org.AGII, Org.LOCAL_GOVERNMENT),
        interest=(
            ("gent", "Kunnen jullie een voorbeeld van zo'n kaartje delen?"),
            ("brussel", "In Brussel werken we met veel talen: hoe pakken jullie dat aan?"),
            ("rivierenland", ""),
        ),
        age=200,
    ),
    PracticeTemplate(
        region="antwerpen",
        title="Korte lijnen: vaste aanspreekpunten en een berichtengroep",
        themes=(T.COLLABORATION, T.REFERRAL),
        what=(
            "Elke club, buurthuis en dienst van de stad die nieuwkomers ontvangt, heeft één "
            "direct aanspreekpunt. Die aanspreekpunten en de trajectbegeleiders zitten samen in "
            "een berichtengroep voor snelle vragen, naast het vaste maandelijkse overleg."
        ),
        why=(
            "Een vraag als 'heeft de taalgroep op dinsdag nog plaats?' wachtte soms een maand op "
            "het volgende overleg. Nabijheid en korte lijnen bleken het verschil te maken."
        ),
        how=(
            "De netwerkcoach vraagt bij elke nieuwe partner wie het directe aanspreekpunt is en "
            "nodigt die persoon uit in de groep. Er zijn drie afspraken: geen namen of "
            "persoonsgegevens van nieuwkomers in de groep, een antwoord binnen twee werkdagen, "
            "en lange discussies gaan naar het overleg."
        ),
        lessons=(
            "Zonder de afspraak over persoonsgegevens was het niet gegaan. Spreek ook af wie de "
            "groep beheert als iemand van job verandert. Het maandelijkse overleg blijft nodig "
            "voor de grotere vragen."
        ),
        contact_kinds=(Org.LOCAL_GOVERNMENT, Org.COMMUNITY_CENTRE),
        interest=(("regio-antwerpen", "Wij willen aansluiten bij jullie aanpak in de rand."),),
        age=330,
    ),
    PracticeTemplate(
        region="brussel",
        title="Taalcafé in de bibliotheek, gedragen door vrijwilligers",
        themes=(T.LANGUAGE, T.VOLUNTEERING),
        what=(
            "Elke woensdagnamiddag is er een taalcafé in de bibliotheek. Vrijwilligers praten in "
            "kleine tafels Nederlands met nieuwkomers, over wat die week gebeurd is of over een "
            "thema zoals de markt, de school of het werk."
        ),
        why=(
            "Nieuwkomers leren Nederlands in de les, maar vinden in Brussel weinig plekken om het "
            "te oefenen. Taal leren en werken lukt pas als je je goed voelt en mensen kent."
        ),
        how=(
            "De bibliotheek zorgt voor de ruimte en de koffie, een vrijwilligersorganisatie voor "
            "de vrijwilligers en hun begeleiding. Per tafel zitten één vrijwilliger en drie tot "
            "vijf nieuwkomers. Nieuwe vrijwilligers lopen eerst twee keer mee."
        ),
        lessons=(
            "Vaste tafels met een vaste vrijwilliger werken beter dan elke week nieuwe groepen: "
            "zo ontstaan er echte contacten. Hou een lijst bij van gespreksonderwerpen, want "
            "vrijwilligers vragen erom."
        ),
        contact_kinds=(Org.VOLUNTEER_ORGANISATION, Org.COMMUNITY_CENTRE, Org.LOCAL_GOVERNMENT),
        contact_words=("bib", "taal", "vrijwillig"),
        interest=(
            ("halle-vilvoorde", "Onze bibliotheken willen meedoen. Wie kunnen we bellen?"),
            ("waasland", ""),
        ),
        age=240,
    ),
    PracticeTemplate(
        region="oost-brabant",
        title="Kennismakingsstages via de lokale ondernemersvereniging",
        themes=(T.WORK, T.LOCAL_OFFER),
        what=(
            "Via de ondernemersvereniging van de gemeente bieden kleine bedrijven een "
            "kennismakingsstage van enkele weken aan: een bakkerij, een garage, een tuinbedrijf. "
            "De nieuwkomer werkt mee in een Nederlandstalige ploeg."
        ),
        why=(
            "Bedrijven wilden wel helpen, maar wisten niet hoe een kennismakingsstage werkt en "
            "vreesden veel papierwerk. Elk bedrijf apart aanspreken kostte de netwerkcoach te "
            "veel tijd."
        ),
        how=(
            "De netwerkcoach stelt het participatietraject voor op de nieuwjaarsreceptie van de "
            "ondernemersvereniging. Bedrijven die willen, vullen een fiche van één blad in. De "
            "trajectbegeleider zoekt een passende nieuwkomer en gaat de eerste dag mee."
        ),
        lessons=(
            "Eén enthousiaste ondernemer die op de receptie zijn eigen ervaring vertelt, "
            "overtuigt meer dan onze uitleg. Maak de afspraken over verzekering en vervoer op "
            "voorhand duidelijk."
        ),
        contact_kinds=(Org.COMPANY, Org.LOCAL_GOVERNMENT),
        links=(AGII_SITE,),
        interest=(
            ("kempen", "Hoe regelen jullie de verzekering?"),
            ("vlaamse-ardennen", "Wij hebben veel kleine landbouwbedrijven: interessant!"),
            ("middenkust", ""),
        ),
        age=180,
    ),
    PracticeTemplate(
        region="waasland",
        title="Casusoverleg: van praktijk naar patronen",
        themes=(T.FEEDBACK, T.COLLABORATION),
        what=(
            "Eén keer per maand bespreken trajectbegeleiders, integratiecoaches en enkele "
            "partners samen twee concrete, anonieme situaties van nieuwkomers die geen passende "
            "activiteit vonden. Daarna zoeken ze wat die situaties gemeen hebben."
        ),
        why=(
            "We losten elke vraag apart op, maar zagen niet waarom dezelfde problemen terugkwamen: "
            "geen kinderopvang op woensdag, geen aanbod in de kleinere gemeenten, geen vervoer."
        ),
        how=(
            "Een trajectbegeleider brengt de situatie in zonder namen. De groep zoekt eerst een "
            "oplossing voor deze nieuwkomer, en noteert dan het knelpunt op een lijst. Elk "
            "kwartaal kiest de stuurgroep één knelpunt van die lijst om samen aan te pakken."
        ),
        lessons=(
            "Het werkt alleen met aandacht voor de individuele vraag én voor het patroon. De lijst "
            "met knelpunten gaf de stuurgroep eindelijk concrete tussendoelen."
        ),
        contact_kinds=(Org.AGII, Org.WELFARE, Org.LOCAL_GOVERNMENT),
        interest=(
            ("denderregio", "Goed idee voor onze stuurgroep. Hoe houden jullie het anoniem?"),
            ("gent", ""),
        ),
        age=150,
    ),
    PracticeTemplate(
        region="westhoek",
        title="Samen naar de activiteit: fietsbuddy's op het platteland",
        themes=(T.VOLUNTEERING, T.LOCAL_OFFER, T.BUDDY),
        what=(
            "In de landelijke gemeenten rijdt een fietsbuddy de eerste weken mee naar de "
            "activiteit. Een fietsbib leent fietsen uit aan nieuwkomers die er geen hebben."
        ),
        why=(
            "Er was wel aanbod in de regio, maar niet in elk dorp, en de bus rijdt er zelden. "
            "Nieuwkomers in kleine gemeenten vonden daardoor geen activiteit, ook al was er een "
            "club op tien kilometer."
        ),
        how=(
            "De fietsbib en de vrijwilligerswerking van het OCMW zoeken samen fietsbuddy's. De "
            "trajectbegeleider vraagt een buddy aan bij de doorverwijzing. Na een paar weken "
            "fietst de nieuwkomer alleen, of samen met iemand van de club."
        ),
        lessons=(
            "Vervoer is in een landelijke regio geen detail, maar vaak het grootste knelpunt. "
            "De fietsbuddy's werden zelf ook lid van de club: zo groeit het netwerk vanzelf."
        ),
        outside=("Griet Vandenbussche", "fietsbib.westhoek"),
        interest=(
            ("vlaamse-ardennen", "Ook bij ons rijdt de bus zelden. Wij willen dit proberen."),
            ("kempen", "Graag meer uitleg over de verzekering van de fietsen."),
            ("limburg", ""),
        ),
        age=120,
    ),
    PracticeTemplate(
        region="rivierenland",
        title="Verder dan de usual suspects: aanbod opwarmen via het verenigingsloket",
        themes=(T.LOCAL_OFFER, T.LEISURE),
        what=(
            "Via het verenigingsloket van de gemeente sturen we alle erkende verenigingen een "
            "korte uitnodiging om één nieuwkomer te ontvangen. Verenigingen die antwoorden, "
            "krijgen een bezoek van de integratiecoach."
        ),
        why=(
            "Het netwerk bestond vooral uit organisaties die al met nieuwkomers werkten. Het "
            "gewone verenigingsleven, van de harmonie tot de hobbyclub, bleef buiten beeld."
        ),
        how=(
            "De uitnodiging is één bladzijde, met een getuigenis van een vereniging die het al "
            "deed. De integratiecoach bezoekt elke vereniging die antwoordt en bekijkt samen wat "
            "haalbaar is: een keer meedoen, een vaste plaats, een buddy."
        ),
        lessons=(
            "Vraag klein: één nieuwkomer ontvangen is voor een vereniging haalbaar, 'meewerken "
            "aan integratie' klinkt te groot. Het persoonlijke bezoek maakte het verschil."
        ),
        contact_kinds=(Org.LOCAL_GOVERNMENT,),
        links=(VVSG_SITE,),
        interest=(
            ("regio-gent", "Wij willen dit via onze cultuurdiensten proberen."),
            ("antwerpen", ""),
            ("zuid-west-vlaanderen", "Mogen we jullie uitnodigingsbrief gebruiken?"),
        ),
        age=90,
    ),
    PracticeTemplate(
        region="midwest",
        title="Feedback van nieuwkomers met pictogrammen",
        themes=(T.FEEDBACK, T.LANGUAGE),
        what=(
            "Na elke activiteit vraagt de trajectbegeleider de nieuwkomer met vier pictogrammen "
            "hoe het ging: voelde je je welkom, sprak je Nederlands, leerde je nieuwe mensen "
            "kennen, wil je verder doen? Ook de organisatie geeft kort feedback."
        ),
        why=(
            "We vroegen nieuwkomers zelden wat ze ervan vonden, en als we het vroegen, was de "
            "vraag te moeilijk. Organisaties hoorden nooit of hun aanbod werkte."
        ),
        how=(
            "Een kaart met vier vragen en telkens drie gezichtjes, in eenvoudig Nederlands. De "
            "trajectbegeleider overloopt ze bij het laatste gesprek. Twee keer per jaar krijgen "
            "de organisaties een samenvatting, zonder namen."
        ),
        lessons=(
            "Pictogrammen werken ook voor wie nog weinig Nederlands spreekt. De samenvatting "
            "gaf organisaties energie: ze zagen zwart op wit dat hun werk iets betekent."
        ),
        contact_kinds=(Org.AGII, Org.LOCAL_GOVERNMENT),
        interest=(("brussel", "Interessant voor onze meertalige groepen."),),
        age=75,
    ),
    PracticeTemplate(
        region="denderregio",
        title="Onze samenwerking in beeld: hoogte-, diepte- en kantelpunten",
        themes=(T.COLLABORATION,),
        what=(
            "Op de stuurgroep tekenen de partners één keer per jaar samen de tijdlijn van het "
            "netwerk: wat waren de hoogtepunten, de dieptepunten en de kantelpunten? Daarna "
            "scoren ze samen hoe sterk de samenwerking vandaag is."
        ),
        why=(
            "Elke samenwerking kent ups en downs, maar we spraken er nooit over. Nieuwe partners "
            "kenden de geschiedenis niet, en knelpunten bleven onder tafel."
        ),
        how=(
            "Een lange papieren rol aan de muur, post-its in drie kleuren en een uur tijd. Elke "
            "partner kleeft eerst alleen, daarna bespreken we de tijdlijn samen. We sluiten af "
            "met de vraag: wat moeten we concreet doen om de samenwerking te versterken?"
        ),
        lessons=(
            "Samenwerking kopiëren van een andere regio lukt niet, elke regio heeft een eigen "
            "tempo. Maar de oefening zelf kan elke regio doen. Laat iemand van buiten de "
            "stuurgroep het gesprek leiden."
        ),
        contact_kinds=(Org.LOCAL_GOVERNMENT, Org.WELFARE),
        interest=(
            ("middenkust", "Wij starten net: dit lijkt ons een goede eerste oefening."),
            ("waasland", ""),
        ),
        age=60,
    ),
    PracticeTemplate(
        region="halle-vilvoorde",
        title="Vrijwilligersvacatures in eenvoudig Nederlands",
        themes=(T.VOLUNTEERING, T.COMMUNICATION, T.LANGUAGE),
        what=(
            "Samen met het vrijwilligerspunt herschrijven we vacatures voor vrijwilligerswerk in "
            "eenvoudig Nederlands, met een foto en pictogrammen voor dag, uur en plaats."
        ),
        why=(
            "Vacatures voor vrijwilligers waren lang en vol moeilijke woorden. Nieuwkomers die "
            "graag vrijwilligerswerk wilden doen, haakten af voor ze aan iemand konden vragen "
            "wat het werk inhield."
        ),
        how=(
            "Organisaties sturen hun vacature naar het vrijwilligerspunt. Een vrijwilliger met "
            "ervaring in klare taal herschrijft ze volgens een vast sjabloon, en de organisatie "
            "keurt de tekst goed. Trajectbegeleiders krijgen elke maand de nieuwe vacatures."
        ),
        lessons=(
            "Het sjabloon helpt organisaties ook zelf duidelijker te schrijven. Vermeld altijd "
            "of er een onkostenvergoeding is en of je alleen of in een groep werkt."
        ),
        contact_kinds=(Org.VOLUNTEER_ORGANISATION, Org.LOCAL_GOVERNMENT),
        interest=(
            ("regio-brugge", "Kan het sjabloon gedeeld worden?"),
            ("oost-brabant", ""),
        ),
        age=40,
    ),
    PracticeTemplate(
        region="gent",
        title="Buurtwandelingen met ex-inburgeraars als gids",
        themes=(T.LEISURE, T.LANGUAGE, T.BUDDY),
        what=(
            "Mensen die zelf een inburgeringstraject volgden, leiden een wandeling door hun "
            "buurt voor nieuwkomers: de bibliotheek, het buurthuis, de sportclub, de markt."
        ),
        why=(
            "Een netwerk maakt het leven lichter. Ex-inburgeraars weten als geen ander wat je de "
            "eerste maanden nodig hebt, en nieuwkomers durven hen makkelijker iets te vragen."
        ),
        how=(
            "We zoeken de gidsen via de buddywerking. De eerste wandeling gaat iemand van het "
            "buurthuis mee. Nog uit te werken: hoe we de gidsen vergoeden."
        ),
        lessons="",
        contact_kinds=(Org.COMMUNITY_CENTRE, Org.LOCAL_GOVERNMENT),
        status=PracticeStatus.DRAFT,
        age=20,
    ),
)


@dataclass
class _Region:
    region: Region
    contacts: dict[str, list[ContactPoint]] = field(default_factory=dict)
    coordinators: list[User] = field(default_factory=list)


def _regions() -> dict[str, _Region]:
    """The regions with their contact points (by organisation kind) and coordinators."""
    regions = {region.slug: _Region(region) for region in Region.objects.all()}
    by_pk = {entry.region.pk: entry for entry in regions.values()}
    contacts = (
        ContactPoint.objects.select_related("organisation")
        .exclude(email="")
        .order_by("organisation__region_id", "-is_direct", "organisation__name", "pk")
    )
    for contact in contacts:
        entry = by_pk.get(contact.organisation.region_id)
        if entry is not None:
            entry.contacts.setdefault(contact.organisation.kind, []).append(contact)
    memberships = (
        Membership.objects.current()
        .filter(role=Role.COORDINATOR, region__isnull=False)
        .select_related("user")
        .order_by("region_id", "user__email")
    )
    for membership in memberships:
        entry = by_pk.get(membership.region_id)
        if entry is not None and membership.user.is_active:
            entry.coordinators.append(membership.user)
    return regions


def _contact(entry: _Region, template: PracticeTemplate, rng: random.Random) -> ContactPoint | None:
    kinds = template.contact_kinds
    if not kinds:
        return None
    if template.contact_words:
        fitting = [
            contact
            for contact in entry.contacts.get(kinds[0], [])
            if any(word in contact.organisation.name.lower() for word in template.contact_words)
        ]
        if fitting:
            return rng.choice(fitting[:5])
        kinds = kinds[1:]
    for kind in kinds:
        candidates = entry.contacts.get(kind)
        if candidates:
            return rng.choice(candidates[:5])
    every = [contact for contacts in entry.contacts.values() for contact in contacts]
    return rng.choice(every[:5]) if every else None


def _outside_contact(template: PracticeTemplate) -> tuple[str, str]:
    name, mailbox = template.outside
    if not name:
        name, mailbox = "Netwerkcoach " + template.region.replace("-", " ").title(), template.region
    local = name.lower().replace(" ", ".")
    return name, f"{local}@{mailbox}.{OUTSIDE_DOMAIN}"


@transaction.atomic
def seed_practices(*, rng: random.Random, now: dt.datetime) -> int:
    """Create the demo practices (and their links and the interest of other regions); returns
    how many practices were created. Regions that are missing are skipped."""
    regions = _regions()
    created = 0
    for template in PRACTICES:
        entry = regions.get(template.region)
        if entry is None:
            continue
        published = template.status == PracticeStatus.PUBLISHED
        published_at = now - dt.timedelta(
            days=rng.randint(max(template.age // 2, 1), template.age),
            hours=rng.randint(0, 8),
            minutes=rng.randint(0, 59),
        )
        created_at = published_at - dt.timedelta(days=rng.randint(3, 30))
        contact = _contact(entry, template, rng)
        name, email = ("", "") if contact is not None else _outside_contact(template)
        mask = 0
        for theme in template.themes:
            mask |= 1 << int(theme)
        practice = Practice(
            title=template.title,
            region=entry.region,
            main_theme=int(template.themes[0]),
            themes_mask=mask,
            what=template.what,
            why=template.why,
            how=template.how,
            lessons=template.lessons,
            contact=contact,
            contact_name=name,
            contact_email=email,
            status=template.status,
            created_by=rng.choice(entry.coordinators) if entry.coordinators else None,
            created_at=created_at,
            published_at=published_at if published else None,
        )
        practice.save()
        Practice.objects.filter(pk=practice.pk).update(
            updated_at=published_at if published else created_at
        )
        PracticeLink.objects.bulk_create(
            PracticeLink(practice=practice, label=label, url=url, position=index)
            for index, (label, url) in enumerate(template.links)
        )
        if published:
            _interests(practice, template, regions, published_at, now, rng)
        created += 1
    return created


def _interests(
    practice: Practice,
    template: PracticeTemplate,
    regions: dict[str, _Region],
    published_at: dt.datetime,
    now: dt.datetime,
    rng: random.Random,
) -> None:
    span = max(int((now - published_at).total_seconds() // 3600), 1)
    rows = []
    for slug, note in template.interest:
        entry = regions.get(slug)
        if entry is None or not entry.coordinators or slug == template.region:
            continue
        rows.append(
            PracticeInterest(
                practice=practice,
                region=entry.region,
                user=rng.choice(entry.coordinators),
                note=note,
                created_at=published_at + dt.timedelta(hours=rng.randint(1, span)),
            )
        )
    PracticeInterest.objects.bulk_create(rows)


@transaction.atomic
def reset_practices() -> None:
    """Delete every practice, with its links and the interest shown in it."""
    PracticeInterest.objects.all().delete()
    PracticeLink.objects.all().delete()
    Practice.objects.all().delete()
