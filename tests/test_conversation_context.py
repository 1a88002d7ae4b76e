"""Who asks, from their own words, and follow-ups that point back (pure Python, no model)."""

import pytest

from knowledge.asker import check_asker, detect_asker
from knowledge.followup import answer_for, follow_up_aspect


@pytest.mark.parametrize(
    "text,asker",
    [
        ("Mein Sohn hat schlechte Noten in der Berufsschule, was kann man tun?", "parent"),
        ("unsere tochter ist 17 und findet nix", "parent"),
        ("Ich suche für meine Tochter eine Lehrstelle", "parent"),
        ("Wir haben einen Azubi, der Probleme in der Berufsschule hat.", "company"),
        ("Hilfe, mein Azubi hat schlechte Noten!", "company"),
        ("zwei meiner Auszubildenden haben Fünfen im Zeugnis", "company"),
        ("Ich bin Ausbilderin in einer Bäckerei", "company"),
        ("und für uns als Betrieb?", "company"),
        ("ich bin Azubi im zweiten Lehrjahr", "youth"),
        ("ich bin in der ausbildung und hab voll schlechte noten in der berufsschule", "youth"),
        ("mein chef nervt", "youth"),
        ("In meinem Betrieb gibt es Stress", "youth"),  # "mein Betrieb" is the trainee's, "unser Betrieb" the company's
        ("Ich mache eine Ausbildung und habe ein Kind, geht Teilzeit?", "youth"),  # a young parent
        ("Kann ich bei AsA mitmachen?", "youth"),
        ("kann mein Sohn mitmachen?", "parent"),
        ("gilt das für unseren Betrieb", "company"),
        ("kann ich mitmachen", "youth"),
        ("Check starten", None),
        ("Was kostet die AsA?", None),
        ("Der Azubi von dem Anrufer hat Stress mit seinem Meister", None),  # hotline staff: nobody in person
        ("/i_am_company", None),
    ],
)
def test_the_asker_is_recognised_from_clear_statements_only(text, asker):
    assert detect_asker(text) == asker


@pytest.mark.parametrize(
    "text,understood_as,aspect",
    [
        ("und was kostet das?", None, "kosten"),
        ("wo meld ich mich da", "anmeldung_jugendliche", "anmeldung"),
        ("An wen wenden wir uns?", None, "anmeldung"),
        ("wie lange geht das?", "foerderdauer", "dauer"),
        ("und für uns als Betrieb?", None, "betrieb"),
        ("Wie lange dauert die Vorphase?", "vorphase_dauer", None),  # names its own topic
        ("wie lange dauert das in der Vorphase?", "vorphase_dauer", None),
        ("Was kostet die AsA?", "kosten", None),  # points back to nothing
        ("und was kostet das eigentlich wenn ich die ganze Zeit über drei Jahre lang mitmache?", None, None),  # long
        # who asks, then a short question pointing back: the whole message's topic does not count
        ("Wir haben einen Azubi im zweiten Lehrjahr. Wie lange wird das bewilligt?", "eintritt", "dauer"),
        ("Ich mache eine Ausbildung zum Koch. Wie lange dauert die Vorphase?", "vorphase_dauer", None),
        ("Das Wetter ist schön. Wie lange geht das?", "foerderdauer", "dauer"),
        ("Das Wetter ist heute wirklich sehr schön. Und wie lange geht das?", "eintritt", None),
        (
            "Wir möchten einen Geflüchteten ausbilden. An wen wenden wir uns wegen dem Aufenthalt?",
            "ref_aufenthalt",
            None,
        ),
        ("Unsere Tochter weiß nicht, was sie werden will. Kann die AsA da helfen?", "berufswahl", None),
        ("hilft uns die asa dabei?", None, "hilfe"),
        ("Kann mir das da helfen?", None, "hilfe"),
    ],
)
def test_a_follow_up_is_short_points_back_and_names_no_topic_of_its_own(text, understood_as, aspect):
    assert follow_up_aspect(text, understood_as) == aspect


def test_the_answer_depends_on_the_previous_topic_and_the_asker():
    assert answer_for("dauer", "vorphase_inhalte", "youth") == "vorphase_dauer"
    assert answer_for("dauer", "foerderunterricht", "youth") == "foerderdauer"
    assert answer_for("dauer", None, None) == "foerderdauer"
    assert answer_for("anmeldung", "foerderunterricht", "youth") == "anmeldung_jugendliche"
    assert answer_for("anmeldung", "foerderunterricht", "company") == "anmeldung_betriebe"
    assert answer_for("betrieb", "vorphase_ziel", "company") == "vorphase_betriebe"
    assert answer_for("betrieb", "konflikt_betrieb", "company") == "betrieb_unterstuetzung"
    assert answer_for("hilfe", "ref_ausbildungsbetrieb", "company") == "erstausbildende_betriebe"
    assert answer_for("hilfe", "ref_pruefung", "youth") == "pruefungsvorbereitung"
    assert answer_for("hilfe", None, None) == "was_ist_asa"


def _intent_after_ranker(text, classified_as):
    """The intent the knowledge ranker leaves for a message the classifier took as `classified_as`."""
    from rasa.shared.nlu.training_data.message import Message

    from components.knowledge_ranker import KnowledgeRanker

    message = Message(
        data={
            "text": text,
            "intent": {"name": classified_as, "confidence": 0.9},
            "intent_ranking": [{"name": classified_as, "confidence": 0.9}],
        }
    )
    KnowledgeRanker().process([message])
    return message.get("intent")["name"]


@pytest.mark.parametrize(
    "text,stops",
    [
        ("abbrechen", True),
        ("Abbrechen!", True),
        ("stopp", True),
        ("Ausbildung abbrechen?", False),
        ("ich will meine Lehre abbrechen", False),
    ],
)
def test_the_stop_command_does_not_depend_on_the_classifier(text, stops):
    assert (_intent_after_ranker(text, classified_as="faq") == "stop") is stops


@pytest.mark.parametrize(
    "text,asker",
    [
        ("bin ich berechtigt", "youth"),
        ("kann mein Sohn mitmachen?", "parent"),
        ("Check starten", None),
        ("/check_eligibility", None),
    ],
)
def test_asking_for_the_check_a_plain_ich_is_the_person_themselves(text, asker):
    assert check_asker(text) == asker
    assert detect_asker("bin ich berechtigt") is None  # elsewhere a plain "ich" says nothing


@pytest.mark.parametrize(
    "text,joins",
    [
        ("mein sohn (16) hat nach ein paar absagen aufgegeben. kann er bei der asa mitmachen?", True),
        ("Bin 15 und hab keinen Bock mehr. Kann ich da auch mitmachen?", True),
        ("kann meine tochter schon teilnehmen", True),
        ("kann ich mit 26 noch mitmachen?", False),  # a condition: a question for the FAQ
        ("Kann ich bei der AsA mitmachen? Ich bin 15.", False),  # the last sentence decides
        ("Wer kann mitmachen?", False),
        ("/check_eligibility", False),
    ],
)
def test_a_message_ending_in_a_plain_request_to_take_part_starts_the_check(text, joins):
    from knowledge.check_request import asks_to_join

    assert asks_to_join(text) is joins
    assert (_intent_after_ranker(text, classified_as="faq") == "check_eligibility") is joins


@pytest.mark.parametrize(
    "text,answer",
    [("Nichts weiter", True), ("nichts davon", True), ("Wohnsitz im Ausland", True), ("nicht weiter machen", False)],
)
def test_the_checks_button_titles_are_answers_whatever_the_classifier_says(text, answer):
    assert (_intent_after_ranker(text, classified_as="stop") == "inform") is answer


@pytest.mark.parametrize(
    "text,follows_up",
    [
        ("krieg ich da eigentlich geld?", True),
        ("bekomm ich dabei auch geld", True),
        ("krieg ich asa", False),  # asks to take part: stays the check
        ("kann ich das kriegen", False),
        ("und wie lange kann ich da mitmachen?", False),  # only money is never a request to take part
    ],
)
def test_money_for_the_person_is_a_follow_up_even_when_the_classifier_hears_the_check(text, follows_up):
    assert (_intent_after_ranker(text, classified_as="check_eligibility") == "faq") is follows_up
