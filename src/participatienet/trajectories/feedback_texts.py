"""The texts of the newcomer's feedback form, written per language (content, not gettext).

The form opens by link in the newcomer's preferred language and can be switched on the page.
Texts are short and concrete: one idea per sentence, everyday words, no jargon. Arabic is
written right to left (``direction``). ``{offer}`` in ``intro`` is the activity's title.

Every language has exactly the same keys (a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Languages in the order of the language switch (the codes of ``FeedbackLanguage``).
LANGUAGES: tuple[str, ...] = ("nl", "en", "fr", "ar", "uk")
DEFAULT_LANGUAGE = "nl"
RIGHT_TO_LEFT = frozenset({"ar"})

#: Each language's name in that language, for the switch.
NAMES: dict[str, str] = {
    "nl": "Nederlands",
    "en": "English",
    "fr": "Français",
    "ar": "العربية",
    "uk": "Українська",
}

#: The four questions, in the order of the form (names of the ``Feedback`` fields).
QUESTIONS: tuple[str, ...] = (
    "felt_welcome",
    "practised_dutch",
    "met_new_people",
    "wants_to_continue",
)

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "mail_subject": "Hoe was het? Vertel het ons in één minuut",
        "mail_greeting": "Hallo {name},",
        "mail_body": (
            "Je activiteit “{offer}” is afgelopen. Hoe was het? Vier korte vragen, met prentjes:"
        ),
        "mail_thanks": "Dank je wel!",
        "title": "Hoe was het?",
        "intro": "Je deed mee aan “{offer}”. Vertel ons hoe het was.",
        "how_to": "Kies bij elke vraag een gezicht. Je mag een vraag overslaan.",
        "felt_welcome": "Ik voelde me welkom.",
        "practised_dutch": "Ik heb Nederlands geoefend.",
        "met_new_people": "Ik heb nieuwe mensen leren kennen.",
        "wants_to_continue": "Ik wil verder doen.",
        "scale_1": "Helemaal niet",
        "scale_2": "Niet echt",
        "scale_3": "Een beetje",
        "scale_4": "Ja",
        "scale_5": "Ja, heel erg",
        "text_label": "Wil je nog iets zeggen?",
        "optional": "mag leeg blijven",
        "send": "Verstuur",
        "language": "Taal",
        "skip_link": "Naar de vragen",
        "error_title": "Er ontbreekt nog iets",
        "error_empty": "Kies minstens één gezicht of schrijf een paar woorden.",
        "error_text_long": "Je tekst is te lang. Schrijf hoogstens 2000 tekens.",
        "thanks_title": "Dank je wel!",
        "thanks_body": "We hebben je antwoorden ontvangen. Ze helpen ons om de activiteiten "
        "beter te maken.",
        "invalid_title": "Deze link werkt niet",
        "invalid_body": "Misschien is de link veranderd of niet helemaal gekopieerd. "
        "Vraag je trajectbegeleider om een nieuwe link.",
        "expired_title": "Deze link is verlopen",
        "expired_body": "Een link werkt maar een tijdje. "
        "Vraag je trajectbegeleider om een nieuwe link.",
        "used_title": "Deze link is al gebruikt",
        "used_body": "Met deze link zijn de antwoorden al verstuurd. Dank je wel!",
        "given_title": "Je hebt al geantwoord",
        "given_body": "We hebben je antwoorden over deze activiteit al. Dank je wel!",
        "nothing_changed": "Er is niets veranderd.",
    },
    "en": {
        "mail_subject": "How was it? Tell us in one minute",
        "mail_greeting": "Hello {name},",
        "mail_body": (
            "Your activity “{offer}” has ended. How was it? Four short questions, with pictures:"
        ),
        "mail_thanks": "Thank you!",
        "title": "How was it?",
        "intro": "You took part in “{offer}”. Tell us how it was.",
        "how_to": "Choose a face for each question. You can skip a question.",
        "felt_welcome": "I felt welcome.",
        "practised_dutch": "I practised Dutch.",
        "met_new_people": "I met new people.",
        "wants_to_continue": "I want to continue.",
        "scale_1": "Not at all",
        "scale_2": "Not really",
        "scale_3": "A little",
        "scale_4": "Yes",
        "scale_5": "Yes, very much",
        "text_label": "Do you want to say anything else?",
        "optional": "you can leave this empty",
        "send": "Send",
        "language": "Language",
        "skip_link": "Go to the questions",
        "error_title": "Something is missing",
        "error_empty": "Choose at least one face, or write a few words.",
        "error_text_long": "Your text is too long. Write 2000 characters at most.",
        "thanks_title": "Thank you!",
        "thanks_body": "We have received your answers. They help us make the activities better.",
        "invalid_title": "This link does not work",
        "invalid_body": "Maybe the link was changed or not copied completely. "
        "Ask your trajectory counsellor for a new link.",
        "expired_title": "This link has expired",
        "expired_body": "A link only works for a while. "
        "Ask your trajectory counsellor for a new link.",
        "used_title": "This link has already been used",
        "used_body": "The answers were already sent with this link. Thank you!",
        "given_title": "You have already answered",
        "given_body": "We already have your answers about this activity. Thank you!",
        "nothing_changed": "Nothing has changed.",
    },
    "fr": {
        "mail_subject": "Comment ça s’est passé ? Dites-le-nous en une minute",
        "mail_greeting": "Bonjour {name},",
        "mail_body": (
            "Votre activité « {offer} » est terminée. "
            "Comment ça s’est passé ? Quatre questions courtes, avec des images :"
        ),
        "mail_thanks": "Merci !",
        "title": "Comment ça s’est passé\u00a0?",
        "intro": "Vous avez participé à «\u00a0{offer}\u00a0». Dites-nous comment c’était.",
        "how_to": "Choisissez un visage pour chaque question. Vous pouvez passer une question.",
        "felt_welcome": "J’ai reçu un bon accueil.",
        "practised_dutch": "J’ai pratiqué le néerlandais.",
        "met_new_people": "J’ai rencontré de nouvelles personnes.",
        "wants_to_continue": "Je veux continuer.",
        "scale_1": "Pas du tout",
        "scale_2": "Pas vraiment",
        "scale_3": "Un peu",
        "scale_4": "Oui",
        "scale_5": "Oui, beaucoup",
        "text_label": "Voulez-vous ajouter quelque chose\u00a0?",
        "optional": "vous pouvez laisser vide",
        "send": "Envoyer",
        "language": "Langue",
        "skip_link": "Aller aux questions",
        "error_title": "Il manque quelque chose",
        "error_empty": "Choisissez au moins un visage, ou écrivez quelques mots.",
        "error_text_long": "Votre texte est trop long. Écrivez 2000 caractères au maximum.",
        "thanks_title": "Merci\u00a0!",
        "thanks_body": "Nous avons bien reçu vos réponses. Elles nous aident à améliorer "
        "les activités.",
        "invalid_title": "Ce lien ne fonctionne pas",
        "invalid_body": "Le lien a peut-être été modifié ou mal copié. "
        "Demandez un nouveau lien à votre accompagnateur de parcours.",
        "expired_title": "Ce lien a expiré",
        "expired_body": "Un lien n’est valable que pendant un certain temps. "
        "Demandez un nouveau lien à votre accompagnateur de parcours.",
        "used_title": "Ce lien a déjà été utilisé",
        "used_body": "Les réponses ont déjà été envoyées avec ce lien. Merci\u00a0!",
        "given_title": "Vous avez déjà répondu",
        "given_body": "Nous avons déjà vos réponses sur cette activité. Merci\u00a0!",
        "nothing_changed": "Rien n’a changé.",
    },
    "ar": {
        "mail_subject": "كيف كانت التجربة؟ أخبرنا في دقيقة واحدة",
        "mail_greeting": "مرحبًا {name}،",
        "mail_body": "انتهى نشاطك «{offer}». كيف كانت التجربة؟ أربعة أسئلة قصيرة مع صور:",
        "mail_thanks": "شكرًا لك!",
        "title": "كيف كانت التجربة؟",
        "intro": "لقد شاركت في «{offer}». نودّ أن نعرف رأيك.",
        "how_to": "يمكنك اختيار وجه لكل سؤال. ويمكنك ترك أي سؤال دون إجابة.",
        "felt_welcome": "شعرتُ بالترحيب.",
        "practised_dutch": "تدرّبتُ على اللغة الهولندية.",
        "met_new_people": "تعرّفتُ على أشخاص جدد.",
        "wants_to_continue": "أريد أن أستمر.",
        "scale_1": "لا، أبدًا",
        "scale_2": "ليس كثيرًا",
        "scale_3": "قليلًا",
        "scale_4": "نعم",
        "scale_5": "نعم، كثيرًا",
        "text_label": "هل تريد أن تضيف شيئًا آخر؟",
        "optional": "يمكن تركه فارغًا",
        "send": "إرسال",
        "language": "اللغة",
        "skip_link": "الانتقال إلى الأسئلة",
        "error_title": "ينقص شيء ما",
        "error_empty": "يُرجى اختيار وجه واحد على الأقل، أو كتابة بضع كلمات.",
        "error_text_long": "النص طويل جدًا. يُرجى كتابة 2000 حرف على الأكثر.",
        "thanks_title": "شكرًا لك!",
        "thanks_body": "وصلتنا إجاباتك. إنها تساعدنا على تحسين الأنشطة.",
        "invalid_title": "هذا الرابط لا يعمل",
        "invalid_body": "ربما تغيّر الرابط أو لم يُنسخ كاملًا. "
        "يمكنك أن تطلب رابطًا جديدًا من مرشدك في مسار الاندماج.",
        "expired_title": "انتهت صلاحية هذا الرابط",
        "expired_body": "الرابط صالح لمدة محدودة فقط. "
        "يمكنك أن تطلب رابطًا جديدًا من مرشدك في مسار الاندماج.",
        "used_title": "تم استخدام هذا الرابط من قبل",
        "used_body": "أُرسلت الإجابات بهذا الرابط من قبل. شكرًا لك!",
        "given_title": "لقد أجبت من قبل",
        "given_body": "وصلتنا إجاباتك عن هذا النشاط من قبل. شكرًا لك!",
        "nothing_changed": "لم يتغيّر أي شيء.",
    },
    "uk": {
        "mail_subject": "Як усе пройшло? Розкажіть нам за одну хвилину",
        "mail_greeting": "Вітаємо, {name}!",
        "mail_body": (
            "Ваша активність «{offer}» завершилася. "
            "Як усе пройшло? Чотири короткі запитання з картинками:"
        ),
        "mail_thanks": "Дякуємо!",
        "title": "Як усе пройшло?",
        "intro": "Ви брали участь у «{offer}». Розкажіть нам, як це було.",
        "how_to": "Виберіть обличчя для кожного запитання. Запитання можна пропустити.",
        "felt_welcome": "Мене тепло прийняли.",
        "practised_dutch": "У мене була нагода практикувати нідерландську мову.",
        "met_new_people": "У мене з’явилися нові знайомі.",
        "wants_to_continue": "Я хочу продовжувати.",
        "scale_1": "Зовсім ні",
        "scale_2": "Не дуже",
        "scale_3": "Трохи",
        "scale_4": "Так",
        "scale_5": "Так, дуже",
        "text_label": "Хочете ще щось сказати?",
        "optional": "можна залишити порожнім",
        "send": "Надіслати",
        "language": "Мова",
        "skip_link": "До запитань",
        "error_title": "Чогось бракує",
        "error_empty": "Виберіть хоча б одне обличчя або напишіть кілька слів.",
        "error_text_long": "Текст задовгий. Напишіть не більше 2000 знаків.",
        "thanks_title": "Дякуємо!",
        "thanks_body": "Ми отримали ваші відповіді. Вони допомагають нам покращувати заходи.",
        "invalid_title": "Це посилання не працює",
        "invalid_body": "Можливо, посилання змінилося або скопійоване не повністю. "
        "Попросіть нове посилання у свого консультанта з інтеграції.",
        "expired_title": "Термін дії посилання закінчився",
        "expired_body": "Посилання діє лише обмежений час. "
        "Попросіть нове посилання у свого консультанта з інтеграції.",
        "used_title": "Це посилання вже використано",
        "used_body": "Відповіді через це посилання вже надіслано. Дякуємо!",
        "given_title": "Ви вже відповіли",
        "given_body": "Ми вже маємо ваші відповіді про цей захід. Дякуємо!",
        "nothing_changed": "Нічого не змінилося.",
    },
}


def language_or_default(code: str | None, fallback: str | None = None) -> str:
    """``code`` when it is one of the form's languages, else ``fallback`` (if it is), else Dutch."""
    for candidate in (code, fallback):
        if candidate in TEXTS:
            return candidate  # type: ignore[return-value]
    return DEFAULT_LANGUAGE


def direction(code: str) -> str:
    return "rtl" if code in RIGHT_TO_LEFT else "ltr"


@dataclass(frozen=True)
class Question:
    name: str
    text: str


@dataclass(frozen=True)
class FormTexts:
    """The texts of one language, with the questions and scale labels in order."""

    code: str
    direction: str
    texts: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.texts[key]

    @property
    def questions(self) -> list[Question]:
        return [Question(name, self.texts[name]) for name in QUESTIONS]

    @property
    def scale(self) -> list[tuple[int, str]]:
        return [(value, self.texts[f"scale_{value}"]) for value in range(1, 6)]

    def intro(self, offer: str) -> str:
        return self.texts["intro"].format(offer=offer)

    def intro_parts(self, offer: str) -> tuple[str, str, str]:
        """``(before, offer, after)``: the page isolates the offer's title (``<bdi>``), so a
        Dutch title keeps its direction inside an Arabic sentence."""
        before, _, after = self.texts["intro"].partition("{offer}")
        return before, offer, after


def texts_for(code: str | None) -> FormTexts:
    code = language_or_default(code)
    return FormTexts(code=code, direction=direction(code), texts=TEXTS[code])


def switch(current: str) -> list[dict[str, object]]:
    """The language switch: code, own name, direction and whether it is the current one."""
    return [
        {"code": code, "name": NAMES[code], "dir": direction(code), "current": code == current}
        for code in LANGUAGES
    ]
