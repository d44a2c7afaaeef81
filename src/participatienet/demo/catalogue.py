"""Plain data for the demo offers, trajectories and feedback: texts in plain Dutch.

Offer templates say what an activity is (kind, titles, a description, themes, when it happens,
hours, places, the Dutch level it asks). ``HOSTS`` says which organisations run which templates,
by organisation kind and by words in the organisation's name ("Voedselbank Mol" runs the food
bank templates, "KFC Berchem" the football ones), so every offer fits the organisation behind it.

Placeholders in titles and texts: ``{place}`` (the municipality), ``{org}`` (the organisation),
``{sport}`` and ``{trade}`` (filled from ``SPORTS`` and ``TRADES``).
"""

from __future__ import annotations

from dataclasses import dataclass

from participatienet.network.choices import OrganisationKind as Org
from participatienet.offers.choices import OfferKind as K
from participatienet.offers.choices import Theme as T

#: Weights of the minimum Dutch level (none, A1, A2, B1+) when a template says nothing.
LEVEL_EASY = (50, 40, 9, 1)
LEVEL_SOME = (20, 50, 25, 5)
LEVEL_WORK = (10, 45, 35, 10)


@dataclass(frozen=True)
class OfferTemplate:
    key: str
    kind: str
    titles: tuple[str, ...]
    text: str
    themes: tuple[int, ...]
    #: When it happens: "evening", "weekend", "daytime", "afternoon", "club" (evenings and
    #: weekends), "any".
    when: str = "any"
    hours: tuple[float, float] = (1.5, 3)
    places: tuple[int, int] = (2, 5)
    weeks: tuple[int, int] | None = None
    level: tuple[int, int, int, int] = LEVEL_EASY
    women_only: float = 0.0
    childcare: float = 0.05
    #: Share of offers of this template that cost something (see ``COST_NOTES``).
    cost: float = 0.0
    flexible_schedule: float = 0.0
    flexible_location: float = 0.0


_TEMPLATES = (
    # --- Buddy projects and language practice ---------------------------------------------------
    OfferTemplate(
        "babbelbuddy",
        K.BUDDY,
        ("Babbelbuddy", "Babbelbuddy in {place}", "Babbelbuddy: samen praten over alles"),
        "Je spreekt elke week af met een vaste buddy uit {place}. Jullie drinken een koffie, "
        "gaan samen naar de markt of de bib, en praten Nederlands.",
        (T.CONVERSATION, T.NEIGHBOURHOOD),
        hours=(1, 2),
        places=(2, 6),
        weeks=(12, 26),
        flexible_schedule=0.5,
        flexible_location=0.6,
    ),
    OfferTemplate(
        "taalbuddy",
        K.BUDDY,
        ("Taalbuddy", "Samen op stap met een buddy", "Buddy voor een nieuwe inwoner"),
        "Een vrijwilliger wordt je buddy. Samen ontdekken jullie {place}: het zwembad, een "
        "concert, het gemeentehuis. Jij kiest mee wat jullie doen.",
        (T.CONVERSATION, T.NEIGHBOURHOOD, T.CULTURE),
        hours=(1, 3),
        places=(2, 6),
        weeks=(10, 20),
        flexible_schedule=0.5,
        flexible_location=0.6,
    ),
    OfferTemplate(
        "bezoekjes",
        K.BUDDY,
        ("Bezoekjes aan oudere buurtbewoners", "Buddy voor een oudere buurtbewoner"),
        "Je gaat op bezoek bij een oudere buurtbewoner die alleen woont. Jullie praten, "
        "drinken koffie of maken een korte wandeling.",
        (T.CARE, T.CONVERSATION),
        when="daytime",
        hours=(1, 2),
        places=(1, 4),
        flexible_schedule=0.4,
        flexible_location=0.4,
    ),
    OfferTemplate(
        "taalwandeling",
        K.COMMUNITY,
        ("Taalwandeling", "Taalwandeling door {place}", "Wandelen en praten"),
        "Elke week wandelen we met een kleine groep door {place}. Onderweg praten we "
        "Nederlands over wat we zien: de markt, het park, de winkels.",
        (T.CONVERSATION, T.SPORT, T.NEIGHBOURHOOD),
        when="daytime",
        hours=(1.5, 2),
        places=(4, 6),
    ),
    OfferTemplate(
        "praatcafe",
        K.COMMUNITY,
        ("Praatcafé", "Taalcafé", "Praatcafé Nederlands", "Oefenkansen Nederlands: praatgroep"),
        "Bij een kop koffie of thee praat je in kleine groepjes Nederlands met vrijwilligers en "
        "andere deelnemers. Elke week is er een ander onderwerp.",
        (T.CONVERSATION, T.NEIGHBOURHOOD),
        hours=(1.5, 2),
        places=(4, 6),
    ),
    OfferTemplate(
        "boekenbabbel",
        K.COMMUNITY,
        ("Boekenbabbel", "Samen lezen in eenvoudig Nederlands", "Leesclub in makkelijk Nederlands"),
        "We lezen samen een kort verhaal in eenvoudig Nederlands en praten erover. Je hoeft "
        "niet goed te kunnen lezen om mee te doen.",
        (T.READING, T.CONVERSATION),
        hours=(1.5, 2),
        places=(3, 6),
        level=(10, 55, 30, 5),
    ),
    # --- Volunteering -------------------------------------------------------------------------
    OfferTemplate(
        "kringwinkel",
        K.VOLUNTEERING,
        (
            "Vrijwilliger in de kringwinkel",
            "Sorteren en prijzen in de kringwinkel",
            "Helpen in het magazijn van de kringwinkel",
        ),
        "Je helpt in de winkel: spullen sorteren, prijzen kleven en de rekken vullen. Je werkt "
        "samen met een vaste ploeg vrijwilligers.",
        (T.CRAFTS, T.WORK, T.NEIGHBOURHOOD),
        when="daytime",
        hours=(3, 6),
        places=(2, 4),
    ),
    OfferTemplate(
        "fietsatelier",
        K.VOLUNTEERING,
        ("Meehelpen in het fietsatelier", "Fietsen herstellen in het atelier"),
        "Samen met andere vrijwilligers herstel je tweedehandsfietsen. Je leert hoe je een band "
        "plakt en remmen afstelt.",
        (T.CRAFTS, T.TECHNOLOGY),
        when="daytime",
        hours=(2, 4),
        places=(2, 4),
    ),
    OfferTemplate(
        "voedselbank",
        K.VOLUNTEERING,
        (
            "Voedselpakketten klaarzetten",
            "Vrijwilliger bij de voedselbank",
            "Helpen bij de voedselbedeling",
        ),
        "Je helpt de voedselpakketten klaarmaken en uitdelen. Je werkt in een kleine ploeg en "
        "leert veel mensen uit de buurt kennen.",
        (T.CARE, T.COOKING, T.NEIGHBOURHOOD),
        when="daytime",
        hours=(2, 4),
        places=(2, 5),
    ),
    OfferTemplate(
        "zorg",
        K.VOLUNTEERING,
        (
            "Vrijwilliger in het woonzorgcentrum",
            "Koffienamiddag met de bewoners",
            "Bewoners begeleiden naar activiteiten",
        ),
        "Je helpt bij de activiteiten voor de bewoners: koffie schenken, een spel spelen, mee "
        "wandelen in de tuin. De bewoners praten graag met je.",
        (T.CARE, T.CONVERSATION),
        when="daytime",
        hours=(2, 4),
        places=(1, 4),
        level=LEVEL_SOME,
    ),
    OfferTemplate(
        "natuur",
        K.VOLUNTEERING,
        ("Natuurwerkdag", "Natuurbeheer op zaterdag", "Paden en poelen onderhouden"),
        "Met een groep vrijwilligers werk je buiten in het natuurgebied: hagen knippen, paden "
        "vrijmaken, nestkastjes ophangen.",
        (T.NATURE, T.SPORT),
        when="weekend",
        hours=(3, 4),
        places=(3, 6),
    ),
    OfferTemplate(
        "rodekruis",
        K.VOLUNTEERING,
        ("Helpen bij de bloedinzameling", "Vrijwilliger bij het Rode Kruis"),
        "Je onthaalt de bloedgevers, schenkt iets te drinken en houdt de zaal netjes. Ervaren "
        "vrijwilligers tonen je hoe alles werkt.",
        (T.CARE, T.CONVERSATION),
        when="evening",
        hours=(2, 3),
        places=(1, 4),
        level=LEVEL_SOME,
    ),
    OfferTemplate(
        "wereldwinkel",
        K.VOLUNTEERING,
        ("Vrijwilliger in de Wereldwinkel", "Winkelhulp in de Wereldwinkel"),
        "Je helpt in de winkel: klanten onthalen, rekken aanvullen, koffie en chocolade "
        "verkopen. Je leert veel over eerlijke handel.",
        (T.WORK, T.NEIGHBOURHOOD),
        when="daytime",
        hours=(2, 4),
        places=(1, 3),
        level=LEVEL_SOME,
    ),
    OfferTemplate(
        "huiswerk",
        K.VOLUNTEERING,
        ("Helpen bij huiswerkbegeleiding", "Huiswerkklas: kinderen helpen"),
        "Je helpt kinderen van de lagere school met hun huiswerk, samen met een vaste "
        "begeleider. Rekenen en tekenen lukken ook met een beetje Nederlands.",
        (T.CHILDREN, T.CONVERSATION),
        when="afternoon",
        hours=(1.5, 3),
        places=(1, 4),
        level=LEVEL_SOME,
    ),
    OfferTemplate(
        "ziekenhuis",
        K.VOLUNTEERING,
        ("Onthaalvrijwilliger in het ziekenhuis", "Wegwijzer in het ziekenhuis"),
        "Je wijst bezoekers en patiënten de weg en brengt ze naar de juiste afdeling. Je werkt "
        "in een ploeg met andere vrijwilligers.",
        (T.CARE, T.CONVERSATION),
        when="daytime",
        hours=(2, 4),
        places=(1, 3),
        level=(5, 35, 45, 15),
    ),
    OfferTemplate(
        "beurs",
        K.VOLUNTEERING,
        (
            "Helpen bij de tweedehandsbeurs",
            "Mee organiseren van de activiteiten",
            "Helpende hand bij het eetfestijn",
        ),
        "Je helpt de activiteiten van {org} mee voorbereiden: tafels klaarzetten, onthaal, "
        "koffie schenken, opruimen. Je leert snel de andere leden kennen.",
        (T.NEIGHBOURHOOD, T.COOKING),
        when="weekend",
        hours=(2, 4),
        places=(2, 6),
    ),
    OfferTemplate(
        "vrijwilligerspunt",
        K.VOLUNTEERING,
        ("Vrijwilligerswerk op maat", "Proefdraaien als vrijwilliger"),
        "We zoeken samen met jou een plek als vrijwilliger die bij je past: in een sportclub, "
        "een woonzorgcentrum of de bibliotheek. De eerste keer gaat iemand van ons mee.",
        (T.WORK, T.CARE, T.NEIGHBOURHOOD),
        hours=(2, 4),
        places=(3, 6),
        flexible_schedule=0.7,
        flexible_location=0.7,
    ),
    OfferTemplate(
        "jeugdwerk",
        K.VOLUNTEERING,
        (
            "Helpende hand bij de jeugdwerking",
            "Vrijwilliger in de kantine",
            "Helpen op wedstrijddagen",
        ),
        "Je helpt op wedstrijddagen en trainingen van de jeugd: de kantine openhouden, materiaal "
        "klaarzetten, ouders onthalen.",
        (T.SPORT, T.CHILDREN, T.NEIGHBOURHOOD),
        when="weekend",
        hours=(2, 4),
        places=(1, 4),
    ),
    OfferTemplate(
        "jeugdbeweging",
        K.VOLUNTEERING,
        (
            "Helpende hand bij de jeugdbeweging",
            "Kookploeg voor het kamp",
            "Meehelpen op de spaghettiavond",
        ),
        "Je helpt de leiding bij activiteiten, het lokaal opknappen of koken voor een groep. De "
        "leiding is jong en praat graag.",
        (T.CHILDREN, T.COOKING, T.NEIGHBOURHOOD),
        when="weekend",
        hours=(2, 4),
        places=(1, 4),
        level=LEVEL_SOME,
    ),
    OfferTemplate(
        "heemkunde",
        K.VOLUNTEERING,
        ("Oude foto's ordenen met de heemkundige kring", "Meewerken aan de tentoonstelling"),
        "Samen met de leden ordenen we oude foto's en verhalen over {place}. Zo leer je veel over "
        "de geschiedenis van je nieuwe gemeente.",
        (T.CULTURE, T.READING),
        when="daytime",
        hours=(2, 3),
        places=(1, 3),
        level=(5, 35, 45, 15),
    ),
    OfferTemplate(
        "cafetaria",
        K.VOLUNTEERING,
        ("Vrijwilliger in de cafetaria", "Onthaal en koffie in het dienstencentrum"),
        "Je schenkt koffie, dient soep op en maakt een praatje met de bezoekers. Je werkt samen "
        "met een vaste ploeg.",
        (T.COOKING, T.CARE, T.CONVERSATION),
        when="daytime",
        hours=(2, 4),
        places=(1, 4),
    ),
    OfferTemplate(
        "digitaal",
        K.VOLUNTEERING,
        ("Digitale hulp voor senioren", "Helpen in het computercafé", "Helpen bij de Digidokter"),
        "Je helpt oudere buurtbewoners met hun smartphone of laptop: een foto versturen, een "
        "e-mail lezen, een afspraak maken.",
        (T.TECHNOLOGY, T.CARE),
        when="daytime",
        hours=(2, 3),
        places=(1, 3),
        level=(5, 35, 45, 15),
    ),
    OfferTemplate(
        "speelnamiddag",
        K.VOLUNTEERING,
        ("Helpen bij de speelnamiddag", "Ouder-en-kindcafé", "Speel-o-theek: speelgoed uitlenen"),
        "Ouders en kleine kinderen komen samen om te spelen en te praten. Je helpt bij het "
        "onthaal, het speelgoed en de activiteiten.",
        (T.CHILDREN, T.CONVERSATION),
        when="afternoon",
        hours=(2, 3),
        places=(1, 4),
        childcare=0.7,
    ),
    OfferTemplate(
        "school",
        K.VOLUNTEERING,
        (
            "Voorleesouder in de klas",
            "Helpen bij het middagtoezicht",
            "Meewerken in de schoolmoestuin",
            "Helpen op het schoolfeest",
        ),
        "Je helpt de leerkrachten op school: voorlezen, toezien op de speelplaats of werken in "
        "de moestuin met de kinderen.",
        (T.CHILDREN, T.READING),
        when="daytime",
        hours=(1.5, 3),
        places=(1, 3),
        level=LEVEL_SOME,
    ),
    OfferTemplate(
        "inloop",
        K.VOLUNTEERING,
        (
            "Soep maken in het inloopcentrum",
            "Vrijwilliger in het ontmoetingshuis",
            "Onthaal in het Sociaal Huis",
        ),
        "Je helpt bij het onthaal: koffie zetten, soep maken, de tafels klaarzetten en een "
        "praatje maken met de bezoekers.",
        (T.COOKING, T.CARE, T.CONVERSATION),
        when="daytime",
        hours=(2, 4),
        places=(1, 4),
    ),
    OfferTemplate(
        "bibliotheek",
        K.VOLUNTEERING,
        ("Voorlezen in de bibliotheek", "Helpen bij het voorleesuurtje", "Boeken aan huis brengen"),
        "Je helpt in de bibliotheek: voorlezen voor kinderen, boeken terugzetten of boeken "
        "brengen bij mensen die niet meer goed te been zijn.",
        (T.READING, T.CHILDREN),
        when="afternoon",
        hours=(1.5, 3),
        places=(1, 3),
        level=LEVEL_SOME,
    ),
    OfferTemplate(
        "cultuur",
        K.VOLUNTEERING,
        ("Zaalwacht en onthaal bij voorstellingen", "Vrijwilliger achter de bar bij concerten"),
        "Je onthaalt het publiek, scant tickets of helpt achter de bar bij voorstellingen. Je "
        "ziet de voorstelling gratis mee.",
        (T.CULTURE, T.CONVERSATION),
        when="evening",
        hours=(3, 4),
        places=(2, 6),
        level=LEVEL_SOME,
    ),
    OfferTemplate(
        "jeugdhuis",
        K.VOLUNTEERING,
        ("Achter de toog in het jeugdhuis", "Helpen bij de fuif van het jeugdhuis"),
        "Je staat samen met een vaste vrijwilliger achter de toog of helpt bij activiteiten voor "
        "jongeren uit de buurt.",
        (T.NEIGHBOURHOOD, T.CULTURE),
        when="evening",
        hours=(2, 4),
        places=(1, 3),
    ),
    OfferTemplate(
        "speelplein",
        K.VOLUNTEERING,
        ("Monitor op het speelplein", "Helpen bij de speelpleinwerking"),
        "Je speelt mee met de kinderen en helpt de monitoren bij spelletjes, knutselen en het "
        "vieruurtje.",
        (T.CHILDREN, T.SPORT),
        when="daytime",
        hours=(4, 8),
        places=(2, 5),
        weeks=(2, 6),
    ),
    OfferTemplate(
        "dieren",
        K.VOLUNTEERING,
        (
            "Dieren verzorgen op de kinderboerderij",
            "Honden uitlaten bij het dierenasiel",
            "Helpen in het dierenasiel",
        ),
        "Je helpt de dieren verzorgen: voeren, hokken uitmesten, wandelen met de honden. Je werkt "
        "buiten, samen met andere vrijwilligers.",
        (T.ANIMALS, T.NATURE),
        when="any",
        hours=(2, 4),
        places=(1, 4),
    ),
    OfferTemplate(
        "evenementen",
        K.VOLUNTEERING,
        ("Vrijwilliger op de zomerevenementen", "Helpen op de dorpsfeesten", "Helpen op de markt"),
        "Je helpt bij de evenementen van {org}: opbouwen, onthaal, drankjes verkopen en "
        "afbreken. Je werkt samen met andere vrijwilligers uit {place}.",
        (T.NEIGHBOURHOOD, T.CULTURE),
        when="weekend",
        hours=(2, 5),
        places=(2, 6),
    ),
    # --- Introductory internships --------------------------------------------------------------
    OfferTemplate(
        "stage",
        K.INTERNSHIP,
        ("Kennismakingsstage {trade}", "Snuffelstage {trade}", "Proefdraaien {trade}"),
        "Tijdens een korte stage draai je mee met het team {trade}. Je ziet hoe het werk loopt "
        "en je leert de collega's kennen. Een vaste collega is je meter of peter.",
        (T.WORK,),
        when="daytime",
        hours=(4, 8),
        places=(1, 2),
        weeks=(2, 8),
        level=LEVEL_WORK,
    ),
    # --- Clubs and leisure ---------------------------------------------------------------------
    OfferTemplate(
        "sport",
        K.CLUB,
        (
            "Recreatief {sport} voor volwassenen",
            "Meetrainen met de recreanten",
            "Kennismaken met {sport}",
        ),
        "Je traint elke week mee met de recreatieve ploeg. Het gaat om bewegen en plezier, niet "
        "om winnen. Na de training drinken we samen iets in de kantine.",
        (T.SPORT,),
        when="club",
        hours=(1.5, 3),
        places=(2, 6),
        cost=0.6,
    ),
    OfferTemplate(
        "wandelclub",
        K.CLUB,
        ("Wandelen met de club", "Zondagswandeling", "Wandelgroep voor beginners"),
        "Elke week wandelen we 5 tot 10 kilometer in de buurt van {place}. Onderweg is er tijd "
        "voor een babbel en een koffiepauze.",
        (T.SPORT, T.NATURE, T.CONVERSATION),
        when="weekend",
        hours=(2, 3),
        places=(3, 6),
        cost=0.3,
    ),
    OfferTemplate(
        "fietsclub",
        K.CLUB,
        ("Samen fietsen op zondag", "Fietstocht met de club", "Rustige fietstochten"),
        "Met de club fietsen we rustige tochten van 30 tot 50 kilometer. Je hebt een fiets nodig; "
        "de club kan er een uitlenen.",
        (T.SPORT, T.NATURE),
        when="weekend",
        hours=(2, 4),
        places=(2, 6),
        cost=0.5,
    ),
    OfferTemplate(
        "muziek",
        K.CLUB,
        ("Muziek maken in de fanfare", "Meespelen in de harmonie", "Helpen bij de concerten"),
        "Speel je een instrument, of wil je het leren? Je repeteert elke week mee met de "
        "muzikanten. Wie niet speelt, helpt bij de concerten.",
        (T.CULTURE, T.CREATIVE),
        when="evening",
        hours=(2, 3),
        places=(1, 4),
        cost=0.3,
    ),
    OfferTemplate(
        "koor",
        K.CLUB,
        ("Zingen in het koor", "Samen zingen", "Meezingen met het gemengd koor"),
        "Je zingt elke week mee met het koor. Je hoeft geen noten te kunnen lezen. Zingen in het "
        "Nederlands is een fijne manier om de taal te oefenen.",
        (T.CULTURE, T.CONVERSATION),
        when="evening",
        hours=(1.5, 2.5),
        places=(2, 6),
        cost=0.4,
    ),
    OfferTemplate(
        "schaak",
        K.CLUB,
        ("Schaakavond voor beginners", "Schaken in de club"),
        "Op de clubavond speel je partijen tegen andere leden. Beginners krijgen uitleg van een "
        "ervaren speler. Tussendoor is er tijd voor een drankje.",
        (T.CULTURE, T.CONVERSATION),
        when="evening",
        hours=(2, 3),
        places=(2, 6),
        cost=0.4,
    ),
    OfferTemplate(
        "toneel",
        K.CLUB,
        ("Meespelen of helpen achter de schermen", "Decor bouwen voor de toneelkring"),
        "Je helpt mee aan het nieuwe stuk: decor bouwen, kostuums naaien of een kleine rol "
        "spelen. Zo oefen je Nederlands op een leuke manier.",
        (T.CULTURE, T.CREATIVE, T.CRAFTS),
        when="evening",
        hours=(2, 3),
        places=(1, 4),
        level=LEVEL_SOME,
    ),
    OfferTemplate(
        "foto",
        K.CLUB,
        ("Fotograferen met de fotoclub", "Fotowandeling met de club"),
        "We gaan samen op pad om foto's te maken en bespreken ze daarna in de club. Een "
        "smartphone is genoeg om mee te doen.",
        (T.CREATIVE, T.TECHNOLOGY),
        when="club",
        hours=(2, 3),
        places=(2, 5),
        cost=0.4,
    ),
    OfferTemplate(
        "dans",
        K.CLUB,
        ("Volksdansen voor iedereen", "Dansen uit de hele wereld"),
        "We leren eenvoudige dansen uit Vlaanderen en uit de hele wereld. Je hebt geen ervaring "
        "nodig en je hoeft geen partner mee te brengen.",
        (T.CULTURE, T.SPORT),
        when="evening",
        hours=(1.5, 2),
        places=(2, 6),
        cost=0.4,
    ),
    OfferTemplate(
        "atelier",
        K.CLUB,
        (
            "Open atelier tekenen en schilderen",
            "Creatief atelier",
            "Meezingen in het volwassenenkoor",
        ),
        "In het open atelier werk je aan je eigen tekening, schilderij of muziekstuk, met tips "
        "van een docent en van de andere deelnemers.",
        (T.CREATIVE, T.CULTURE),
        when="any",
        hours=(2, 3),
        places=(2, 6),
        cost=0.5,
    ),
    OfferTemplate(
        "club",
        K.CLUB,
        ("Kennismaken met {org}", "Meedoen bij {org}"),
        "Je draait een paar maanden mee met de activiteiten van de club. Een vast lid is je "
        "aanspreekpunt en stelt je voor aan de anderen.",
        (T.NEIGHBOURHOOD, T.SPORT),
        when="club",
        hours=(1.5, 3),
        places=(1, 4),
        cost=0.4,
    ),
    # --- Community activities ------------------------------------------------------------------
    OfferTemplate(
        "repaircafe",
        K.COMMUNITY,
        ("Repair Café", "Meehelpen in het Repair Café", "Samen herstellen in het Repair Café"),
        "Buurtbewoners herstellen samen kapotte spullen: fietsen, kleren, lampen. Je helpt mee "
        "herstellen of zorgt voor koffie en onthaal.",
        (T.CRAFTS, T.TECHNOLOGY, T.NEIGHBOURHOOD),
        when="weekend",
        hours=(2, 3),
        places=(2, 6),
    ),
    OfferTemplate(
        "buurtkeuken",
        K.COMMUNITY,
        (
            "Buurtkeuken: samen koken en eten",
            "Kookploeg van het buurtrestaurant",
            "Soep van de buurt",
        ),
        "Met een groep buurtbewoners kook je een eenvoudige maaltijd, en daarna eten we samen. "
        "Je leert nieuwe recepten en nieuwe mensen kennen.",
        (T.COOKING, T.NEIGHBOURHOOD),
        when="any",
        hours=(3, 4),
        places=(3, 6),
        cost=0.3,
    ),
    OfferTemplate(
        "samentuin",
        K.COMMUNITY,
        ("Samentuin", "Samen tuinieren in de buurtmoestuin", "Moestuinploeg"),
        "In de moestuin zaaien, wieden en oogsten we samen. Wat we oogsten, verdelen we of koken "
        "we samen op.",
        (T.NATURE, T.NEIGHBOURHOOD),
        when="any",
        hours=(2, 3),
        places=(3, 6),
    ),
    OfferTemplate(
        "naaiatelier",
        K.COMMUNITY,
        ("Naaiatelier", "Naai- en herstelatelier"),
        "Met een naaimachine herstel en maak je kleren, samen met andere buurtbewoners. Een "
        "vrijwilliger helpt je op weg.",
        (T.CRAFTS, T.CREATIVE),
        when="daytime",
        hours=(2, 3),
        places=(3, 6),
        women_only=0.3,
        childcare=0.3,
    ),
    OfferTemplate(
        "spelnamiddag",
        K.COMMUNITY,
        ("Spelnamiddag", "Kaarten en gezelschapsspelen"),
        "We spelen kaart en gezelschapsspelen met buurtbewoners van alle leeftijden. Spelen is "
        "een makkelijke manier om Nederlands te oefenen.",
        (T.CONVERSATION, T.NEIGHBOURHOOD),
        when="afternoon",
        hours=(2, 3),
        places=(3, 6),
    ),
    OfferTemplate(
        "vrouwengroep",
        K.COMMUNITY,
        ("Vrouwengroep: praten en bewegen", "Vrouwencafé", "Bewegen voor vrouwen"),
        "Een groep vrouwen uit de buurt komt elke week samen om te praten, te bewegen of samen "
        "iets te maken. Alleen vrouwen, ook de begeleiding.",
        (T.CONVERSATION, T.SPORT, T.NEIGHBOURHOOD),
        when="daytime",
        hours=(1.5, 2.5),
        places=(4, 6),
        women_only=1.0,
        childcare=0.6,
    ),
    OfferTemplate(
        "buurtfeest",
        K.COMMUNITY,
        ("Buurtfeest mee organiseren", "Buurtcomité", "Buurtbabbels"),
        "Samen met buurtbewoners organiseren we activiteiten in de wijk: een buurtfeest, een "
        "opruimactie, een straatbarbecue. Iedereen denkt mee.",
        (T.NEIGHBOURHOOD, T.CONVERSATION),
        when="evening",
        hours=(1.5, 3),
        places=(3, 6),
    ),
)
TEMPLATES: dict[str, OfferTemplate] = {template.key: template for template in _TEMPLATES}

#: Sports by a word in a club's name: (word, the sport as it reads in a title).
SPORTS: tuple[tuple[str, str], ...] = (
    ("zaalvoetbal", "zaalvoetbal"),
    ("kfc", "voetbal"),
    ("vv ", "voetbal"),
    ("volleybal", "volleybal"),
    ("basketbal", "basketbal"),
    ("tafeltennis", "tafeltennis"),
    ("tennis", "tennis"),
    ("badminton", "badminton"),
    ("zwemclub", "zwemmen"),
    ("atletiek", "lopen"),
    ("judo", "judo"),
    ("hockey", "hockey"),
    ("cricket", "cricket"),
    ("petanque", "petanque"),
    ("turnkring", "turnen"),
)

#: Trades for internships by a word in a company's (or school's, welfare's) name:
#: (word, the place of work as it reads in a title, extra themes).
TRADES: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    ("bakkerij", "in de bakkerij", (T.COOKING,)),
    ("garage", "in de garage", (T.TECHNOLOGY, T.CRAFTS)),
    ("schrijnwerkerij", "in de schrijnwerkerij", (T.CRAFTS,)),
    ("tuinaannemer", "bij de tuinaannemer", (T.NATURE,)),
    ("slagerij", "in de slagerij", (T.COOKING,)),
    ("drukkerij", "in de drukkerij", (T.TECHNOLOGY, T.CREATIVE)),
    ("transport", "in het magazijn", ()),
    ("logistiek", "in het magazijn", ()),
    ("distributiecentrum", "in het distributiecentrum", ()),
    ("elektro", "als helper-elektricien", (T.TECHNOLOGY,)),
    ("dakwerken", "op de werf", (T.CRAFTS,)),
    ("bouwbedrijf", "op de werf", (T.CRAFTS,)),
    ("traiteur", "in de keuken", (T.COOKING,)),
    ("brasserie", "in de keuken", (T.COOKING,)),
    ("hotel", "aan het onthaal van het hotel", (T.CONVERSATION,)),
    ("bloemenhandel", "in de bloemenwinkel", (T.NATURE, T.CREATIVE)),
    ("fietsen", "in de fietsenwinkel", (T.TECHNOLOGY, T.CRAFTS)),
    ("schoonmaak", "bij de schoonmaakploeg", ()),
    ("koffiebranderij", "in de koffiebranderij", (T.COOKING,)),
    ("supermarkt", "in de supermarkt", ()),
    ("boekhandel", "in de boekhandel", (T.READING,)),
    ("wzc", "in de zorg", (T.CARE,)),
    ("woonzorgcentrum", "in de zorg", (T.CARE,)),
    ("maatwerkbedrijf", "in het atelier", (T.CRAFTS,)),
    ("kinderopvang", "in de kinderopvang", (T.CHILDREN, T.CARE)),
    ("thuiszorg", "bij de thuiszorg", (T.CARE,)),
)
#: Where a local government takes interns.
GOVERNMENT_TRADES: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("bij de groendienst", (T.NATURE,)),
    ("in de sporthal", (T.SPORT,)),
    ("bij de technische dienst", (T.CRAFTS, T.TECHNOLOGY)),
    ("in de bibliotheek", (T.READING,)),
    ("in de buitenschoolse kinderopvang", (T.CHILDREN,)),
    ("in het onthaal van het gemeentehuis", (T.CONVERSATION,)),
)

#: Which organisations run which templates: (kind, words in the name, template keys).
#: Rules with words win over the rule without words of the same kind.
HOSTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        Org.CLUB,
        (
            "kfc",
            "vv ",
            "zaalvoetbal",
            "volleybal",
            "basketbal",
            "tennis",
            "badminton",
            "zwemclub",
            "atletiek",
            "judo",
            "hockey",
            "cricket",
            "petanque",
            "turnkring",
        ),
        ("sport", "sport", "jeugdwerk"),
    ),
    (Org.CLUB, ("wandelclub",), ("wandelclub", "taalwandeling")),
    (Org.CLUB, ("fietsclub", "wielerclub"), ("fietsclub",)),
    (Org.CLUB, ("fanfare", "harmonie"), ("muziek",)),
    (Org.CLUB, ("koor",), ("koor",)),
    (Org.CLUB, ("schaakclub",), ("schaak",)),
    (Org.CLUB, ("toneelkring",), ("toneel",)),
    (Org.CLUB, ("fotoclub",), ("foto",)),
    (Org.CLUB, ("chiro", "scouts", "ksa"), ("jeugdbeweging",)),
    (Org.CLUB, ("heemkundige",), ("heemkunde",)),
    (Org.CLUB, ("volksdans",), ("dans",)),
    (Org.CLUB, (), ("club",)),
    (Org.VOLUNTEER_ORGANISATION, ("kringwinkel",), ("kringwinkel", "kringwinkel", "fietsatelier")),
    (Org.VOLUNTEER_ORGANISATION, ("voedselbank",), ("voedselbank",)),
    (Org.VOLUNTEER_ORGANISATION, ("natuurpunt",), ("natuur",)),
    (Org.VOLUNTEER_ORGANISATION, ("rode kruis",), ("rodekruis",)),
    (Org.VOLUNTEER_ORGANISATION, ("oxfam",), ("wereldwinkel",)),
    (Org.VOLUNTEER_ORGANISATION, ("repair",), ("repaircafe",)),
    (Org.VOLUNTEER_ORGANISATION, ("buddywerking",), ("babbelbuddy", "taalbuddy", "bezoekjes")),
    (Org.VOLUNTEER_ORGANISATION, ("taalcafé",), ("praatcafe", "taalwandeling", "babbelbuddy")),
    (Org.VOLUNTEER_ORGANISATION, ("huiswerk",), ("huiswerk",)),
    (Org.VOLUNTEER_ORGANISATION, ("ziekenhuis",), ("ziekenhuis",)),
    (Org.VOLUNTEER_ORGANISATION, ("boekenbabbels",), ("boekenbabbel", "praatcafe")),
    (Org.VOLUNTEER_ORGANISATION, ("vrijwilligerspunt",), ("vrijwilligerspunt", "babbelbuddy")),
    (Org.VOLUNTEER_ORGANISATION, ("buurtwerk",), ("buurtfeest", "babbelbuddy", "buurtkeuken")),
    (
        Org.VOLUNTEER_ORGANISATION,
        ("ferm", "okra", "vief", "gezinsbond", "davidsfonds", "willemsfonds", "landelijke gilde"),
        ("beurs", "bezoekjes", "buurtkeuken", "naaiatelier"),
    ),
    (Org.VOLUNTEER_ORGANISATION, (), ("beurs", "babbelbuddy")),
    (
        Org.COMMUNITY_CENTRE,
        ("dienstencentrum",),
        ("cafetaria", "digitaal", "buurtkeuken", "spelnamiddag", "praatcafe", "repaircafe"),
    ),
    (Org.COMMUNITY_CENTRE, ("huis van het kind",), ("speelnamiddag", "vrouwengroep")),
    (
        Org.COMMUNITY_CENTRE,
        (),
        (
            "buurtkeuken",
            "samentuin",
            "repaircafe",
            "praatcafe",
            "naaiatelier",
            "spelnamiddag",
            "vrouwengroep",
            "buurtfeest",
            "taalwandeling",
        ),
    ),
    (Org.COMPANY, ("wzc", "woonzorgcentrum"), ("zorg", "zorg", "stage")),
    (Org.COMPANY, ("fietsen",), ("stage", "fietsatelier")),
    (Org.COMPANY, (), ("stage",)),
    (Org.SCHOOL, ("cvo", "basiseducatie"), ("praatcafe", "taalbuddy", "boekenbabbel")),
    (Org.SCHOOL, ("academie",), ("atelier",)),
    (Org.SCHOOL, (), ("school",)),
    (Org.WELFARE, ("kinderopvang", "thuiszorg"), ("stage", "bezoekjes")),
    (Org.WELFARE, ("samenlevingsopbouw", "caw"), ("buurtfeest", "babbelbuddy", "samentuin")),
    (Org.WELFARE, (), ("inloop", "buurtkeuken", "bezoekjes", "vrouwengroep")),
    (Org.OTHER, ("bibliotheek",), ("bibliotheek", "praatcafe", "digitaal", "boekenbabbel")),
    (Org.OTHER, ("cultuurcentrum", "kunstencentrum"), ("cultuur", "atelier")),
    (Org.OTHER, ("jeugdhuis",), ("jeugdhuis",)),
    (Org.OTHER, ("speelplein",), ("speelplein",)),
    (Org.OTHER, ("kinderboerderij", "dierenasiel"), ("dieren",)),
    (Org.OTHER, ("buurtmoestuin",), ("samentuin",)),
    (Org.OTHER, ("speel-o-theek",), ("speelnamiddag",)),
    (Org.OTHER, (), ("evenementen",)),
    (Org.LOCAL_GOVERNMENT, (), ("stage", "evenementen", "babbelbuddy", "taalwandeling")),
    (Org.AGII, (), ("babbelbuddy", "taalwandeling", "praatcafe")),
)

#: How many offers an organisation of each kind runs, relatively (per region the total is
#: fixed; this spreads it). Local governments are many, so each weighs little.
HOST_WEIGHT: dict[str, float] = {
    Org.CLUB: 3,
    Org.VOLUNTEER_ORGANISATION: 4,
    Org.COMMUNITY_CENTRE: 5,
    Org.COMPANY: 2,
    Org.SCHOOL: 1.5,
    Org.WELFARE: 3,
    Org.OTHER: 3,
    Org.LOCAL_GOVERNMENT: 0.8,
    Org.AGII: 4,
}

#: A second sentence per offer kind: with whom, and how it starts.
WITH_WHOM: dict[str, tuple[str, ...]] = {
    K.BUDDY: (
        "We zoeken een buddy die bij jou past.",
        "De eerste keer komen we samen kennismaken.",
        "Je buddy is een vrijwilliger die graag nieuwe mensen leert kennen.",
    ),
    K.VOLUNTEERING: (
        "Je krijgt een vaste vrijwilliger als aanspreekpunt.",
        "Je werkt nooit alleen: er is altijd iemand om je te helpen.",
        "De eerste dag krijg je een rondleiding en uitleg.",
    ),
    K.INTERNSHIP: (
        "Na de stage praten we samen over hoe het ging.",
        "Je krijgt werkkledij en schoenen van ons.",
        "Je werkt samen met collega's uit verschillende landen.",
    ),
    K.CLUB: (
        "Iedereen is welkom, ook als je het nog nooit gedaan hebt.",
        "De eerste drie keer zijn gratis, daarna kies je of je lid wordt.",
        "Een lid van de club vangt je de eerste keer op.",
    ),
    K.COMMUNITY: (
        "Er is altijd koffie en thee.",
        "Je mag iemand meebrengen.",
        "Buurtbewoners van alle leeftijden doen mee.",
    ),
    K.OTHER: ("We vertellen je graag meer bij een eerste kennismaking.",),
}
#: A last sentence by minimum Dutch level.
LEVEL_SENTENCE: dict[int, str] = {
    0: "Je hoeft nog geen Nederlands te spreken: we praten traag en tonen veel.",
    1: "Je spreekt een beetje Nederlands; de rest leer je hier.",
    2: "Je kan al een eenvoudig gesprek in het Nederlands voeren.",
    3: "Je spreekt al vlot Nederlands.",
}
COST_NOTES: tuple[str, ...] = (
    "Lidgeld €40 per seizoen; met de UiTPAS betaal je maar 20%.",
    "Eigen bijdrage €2 per keer, voor de maaltijd.",
    "Lidgeld €25 per jaar, terugbetaald door de gemeente.",
    "€5 per maand; vraag naar het sociaal tarief.",
    "Verzekering €10 per jaar; de eerste maand is gratis.",
)
#: Notes of offers that cost nothing but pay something back.
REIMBURSEMENT_NOTES: tuple[str, ...] = (
    "Je bus- of tramrit wordt terugbetaald.",
    "Vrijwilligersvergoeding en terugbetaling van je verplaatsing.",
    "Gratis, met een gratis maaltijd.",
)
VALIDATION_REMARKS: tuple[str, ...] = (
    "Mooi aanbod, duidelijk beschreven.",
    "Graag het uur van het eerste contact vermelden bij de volgende versie.",
    "Goedgekeurd. Denk eraan de vrije plaatsen bij te werken.",
    "Past goed in het regionale aanbod.",
)
SENT_BACK_REMARKS: tuple[str, ...] = (
    "Kan de beschrijving wat eenvoudiger? Korte zinnen helpen.",
    "Graag nog aanduiden of er een groep is of een duo: dat is een voorwaarde.",
    "Wie is de contactpersoon voor de bevestiging van de uren?",
)

# --- Trajectories ------------------------------------------------------------------------------

TRAJECTORY_STOP_REASONS: tuple[str, ...] = (
    "Heeft werk gevonden.",
    "Volgt een voltijdse opleiding.",
    "Verhuisd naar Wallonië.",
    "Verhuisd naar het buitenland.",
    "Vrijgesteld om medische redenen.",
    "Geen contact meer na drie pogingen.",
    "Zwangerschapsverlof; start later opnieuw.",
    "Zorgt voltijds voor een familielid.",
)
PARTICIPATION_STOP_REASONS: tuple[str, ...] = (
    "Het uurrooster botste met de taalles.",
    "De verplaatsing was te lang.",
    "Geen opvang voor de kinderen gevonden.",
    "De activiteit paste niet bij de verwachtingen.",
    "Langere tijd ziek.",
    "Heeft werk gevonden.",
)
DECLINE_REASONS: tuple[str, ...] = (
    "Op dit moment geen plaats meer; graag opnieuw na de zomer.",
    "Het uur past niet bij onze werking.",
    "Voor deze taak is wat meer Nederlands nodig.",
    "Onze vrijwilligersploeg is volzet tot na de vakantie.",
    "We zoeken iemand die op zaterdag kan.",
    "De activiteit gaat tijdelijk niet door.",
)
#: Activities newcomers find themselves: (title, organisation, contact e-mail domain).
OWN_ACTIVITIES: tuple[tuple[str, str, str], ...] = (
    ("Helpen bij de jeugdtraining van de voetbalclub", "Voetbalclub van de buurt", "fcbuurt.be"),
    ("Vrijwilliger op het buurtfeest", "Buurtcomité De Vijf Hoeken", "vijfhoeken.be"),
    ("Tuinieren in de volkstuin", "Volkstuinen De Akker", "volkstuinen-deakker.be"),
    ("Meehelpen in de schoolpoort", "Ouderraad van de basisschool", "ouderraad-school.be"),
    ("Koken voor de zondagsmaaltijd", "Parochiecentrum", "parochiecentrum.be"),
    ("Zingen in het buurtkoor", "Buurtkoor Stemmen van Hier", "stemmenvanhier.be"),
    ("Zwemmen met de vrouwengroep", "Zwemgroep Samen in het Water", "sameninhetwater.be"),
    ("Vrijwilliger bij de kledingbank", "Kledingbank Warm Hart", "warmhart.be"),
)
OWN_CONTACT_NAMES: tuple[str, ...] = (
    "Rita Claes",
    "Luc Hermans",
    "Greet Van Acker",
    "Marc Peeters",
    "Nadia Benali",
    "Sabine Wouters",
    "Johan De Smet",
)
HOUR_NOTES: tuple[str, ...] = (
    "",
    "",
    "",
    "",
    "",
    "Training",
    "Sorteren in het magazijn",
    "Koffienamiddag",
    "Wandeling",
    "Samen gekookt",
    "Opbouw evenement",
)
REJECT_REASONS: tuple[str, ...] = (
    "Was die dag niet aanwezig.",
    "Deze uren staan er al in.",
)
CORRECTION_REASONS: tuple[str, ...] = (
    "Vertrok een half uur vroeger.",
    "Kwam wat later door een vertraagde bus.",
)

# --- Feedback ----------------------------------------------------------------------------------

NEWCOMER_TEXTS: dict[str, tuple[str, ...]] = {
    "nl": (
        "Iedereen was heel vriendelijk.",
        "Ik heb veel Nederlands gesproken.",
        "Ik wil graag blijven komen.",
        "Soms praatten ze te snel.",
        "Ik heb nieuwe vrienden.",
        "Het was ver met de bus.",
        "Leuke groep. Ik voelde me welkom.",
        "Ik ken nu mensen in mijn straat.",
    ),
    "en": ("Very kind people, I learned a lot.", "I would like to continue after the summer."),
    "fr": ("Très bonne expérience, merci !", "Les gens étaient très gentils."),
    "ar": ("شكراً، كانت تجربة جميلة.",),
    "uk": ("Дякую, мені дуже сподобалось.",),
}
NEWCOMER_LOW_TEXTS: dict[str, tuple[str, ...]] = {
    "nl": ("Ik begreep niet veel.", "Niemand praatte met mij.", "Het uur paste niet goed."),
    "en": ("It was hard to understand the others.",),
    "fr": ("C'était difficile de comprendre.",),
    "ar": (),
    "uk": (),
}
PARTNER_TEXTS: tuple[str, ...] = (
    "Fijne samenwerking met de trajectbegeleider.",
    "Altijd op tijd en heel gemotiveerd.",
    "Graag opnieuw!",
    "De taal was soms moeilijk, maar met gebaren lukte het.",
    "Een echte aanwinst voor onze ploeg.",
    "Ze is na de stage als vrijwilliger gebleven.",
)
PARTNER_LOW_TEXTS: tuple[str, ...] = (
    "We hadden graag wat meer uitleg vooraf gekregen.",
    "Kwam een paar keer niet opdagen zonder te verwittigen.",
)


def hosts_for(kind: str, name: str) -> tuple[str, ...]:
    """The template keys an organisation runs (a key twice weighs double)."""
    lowered = f"{name.lower()} "
    generic: tuple[str, ...] = ()
    for host_kind, words, keys in HOSTS:
        if host_kind != kind:
            continue
        if not words:
            generic = keys
        elif any(word in lowered for word in words):
            return keys
    return generic


def sport_of(name: str) -> str:
    lowered = f"{name.lower()} "
    for word, sport in SPORTS:
        if word in lowered:
            return sport
    return "sporten"


def trade_of(name: str) -> tuple[str, tuple[int, ...]] | None:
    lowered = name.lower()
    for word, trade, themes in TRADES:
        if word in lowered:
            return trade, themes
    return None
