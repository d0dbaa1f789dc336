"""The words the drafter reads, in German and English: units, scales, currencies, qualifiers, cues, months."""
from __future__ import annotations

import re


UNITS = ("bn", "mn", "tn", "percent", "GW", "MW")


MONEY_UNITS_DRAFT = ("bn", "mn", "tn")


# What the editor picks as a claim's topic; each is a schema topic kind (and, for 'other', a readable subject).
TOPIC_CHOICES = ("investment", "round_total", "valuation", "prior_valuation", "stake", "prior_investment",
                 "compute_money", "compute_total", "capacity", "revenue", "spending", "growth", "joint_investment",
                 "investment_intent", "cross_stake", "other")


SCHEMA_KIND = {"stake": "stake_before", "capacity": "compute_capacity", "revenue": "other", "spending": "other",
               "growth": "other"}


NEEDS_ENTITY = {"investment", "stake", "prior_investment", "compute_money", "capacity", "investment_intent",
                "cross_stake"}


# A topic that needs an entity and has none becomes the topic the figure still belongs to.
WITHOUT_ENTITY = {"investment": "round_total", "stake": "other", "prior_investment": "other",
                  "compute_money": "compute_total", "capacity": "other", "investment_intent": "other",
                  "cross_stake": "other"}


DIMENSION = {"investment": "money", "round_total": "money", "valuation": "money", "prior_valuation": "money",
             "prior_investment": "money", "compute_money": "money", "compute_total": "money", "revenue": "money",
             "spending": "money", "stake": "percent", "growth": "percent", "capacity": "capacity",
             "joint_investment": "money", "investment_intent": "money", "cross_stake": "money"}


GROUPS = {"investment": "round", "round_total": "round", "valuation": "valuation", "prior_valuation": "valuation",
          "stake": "ownership", "prior_investment": "ownership", "compute_money": "compute",
          "compute_total": "compute", "capacity": "compute", "joint_investment": "round",
          "investment_intent": "round", "cross_stake": "context"}


GERMAN_WORDS = set("der die das und ist nicht mit von zu den im für auf ein eine einer wird sich auch des dem "
                   "sind hat als bei nach noch wie über aus oder um durch soll würde könnte sollte wurde werden "
                   "zum zur vom haben".split())


ENGLISH_WORDS = set("the and of to is that for with on as by it from at its has are be this which would said "
                    "could".split())  # not 'in', 'an', 'was', 'will': German words too


SCALES = {"milliarde": "bn", "milliarden": "bn", "mrd": "bn", "md": "bn", "billion": "bn", "billions": "bn",
          "bn": "bn", "bln": "bn", "million": "mn", "millionen": "mn", "mio": "mn", "millions": "mn", "mn": "mn",
          "mln": "mn", "mill": "mn", "billionen": "tn", "bio": "tn", "trillion": "tn", "trillions": "tn", "tn": "tn",
          "trn": "tn"}


ATTACHED_SCALES = {"b": "bn", "m": "mn", "t": "tn"}  # only glued to the number after a currency sign: "$5b"


UNIT_WORDS = {"prozent": "percent", "%": "percent", "percent": "percent", "pct": "percent",
              "gigawatt": "GW", "gw": "GW", "megawatt": "MW", "mw": "MW"}


CURRENCY_WORDS = {"$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "us-dollar": "USD",
                  "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP",
                  "pfund": "GBP", "pounds": "GBP", "sterling": "GBP", "chf": "CHF", "franken": "CHF",
                  "¥": "JPY", "yen": "JPY", "jpy": "JPY"}


CURRENCY_SIGNS = {"$", "€", "£", "¥"}


# Qualifiers before a number, both languages (a German article quotes English headlines and the other way round).
# Longest phrases are tried first; articles between the phrase and the number are skipped ("jenseits der halben").
QUALIFIERS = {
    "up_to": ["bis zu", "up to", "höchstens", "maximal", "at most", "no more than", "as much as"],
    "about": ["just under", "just over", "slightly under", "slightly over", "knapp unter", "knapp über", "near",
              "rund", "etwa", "ca.", "circa", "zirka", "knapp", "gut", "ungefähr", "annähernd", "fast", "beinahe",
              "nahezu", "geschätzte", "geschätzten", "im bereich von", "in der größenordnung von", "about", "around",
              "roughly", "approximately", "approx.", "some", "nearly", "almost", "close to", "an estimated",
              "in the region of", "~", "≈"],
    "at_least": ["mindestens", "wenigstens", "at least", "die schwelle von", "the threshold of", "die marke von",
                 "the mark of"],
    "above": ["überschritt", "überschritten", "überschreitet", "übersteigt", "überstieg", "übertraf", "übertrifft",
              "exceeded", "exceeds", "surpassed", "surpasses", "topped", "tops", "passed", "has passed", "mehr als",
              "über", "jenseits", "more than", "over", "upwards of", "in excess of", "beyond", ">"],
    "below": ["weniger als", "unter", "unterhalb von", "less than", "under", "below", "<"],
}


AFTER_QUALIFIERS = {"at_least": ["oder mehr", "und mehr", "or more", "and more", "plus"],
                    "up_to": ["oder weniger", "or less"]}


SKIPPABLE = {"der", "die", "das", "den", "dem", "des", "the", "a", "an", "von", "of"}


RANGE_START = {"zwischen", "between", "from", "von"}


RANGE_LINK = {"und", "and", "bis", "to", "–", "—", "-"}


DETERMINERS_DE = set("der die das den dem des ein eine einen einem einer eines sein seine seinen seinem seiner ihr "
                     "ihre ihren ihrem ihrer dieser diese dieses diesen jede jeden jeder unser unsere kein keine "
                     "deren dessen welche welcher welches jener jene alle beide vom zum zur beim im am ins".split())


DETERMINERS_EN = set("the a an this that these those its his her their our every each no".split())


DETERMINERS = DETERMINERS_DE | DETERMINERS_EN


# Words that start a sentence or stand capitalised without naming an organisation.
NOT_NAMES = set("""der die das den dem des ein eine einen einem einer im in nach vor mit bei auch zugleich bereits
geplant weitere es er sie wir für laut wie doch aber und damit dies diese dieser dazu denn so noch nur schon trotz
seit sollte ob als wenn während allerdings außerdem zudem jedoch hinzu parallel erst kurz gleichzeitig ursprünglich
statt mehrere kommt gelingt für apropos unter über ebenso zwar genau gegen um ab aus an auf zu insgesamt demnach
the a an it its this that these those in on at for with by from as but and existing however meanwhile also while
after before under over according people sources some other others he she they we i our his her their there here
what who when where why how if than then so such not no yes all any each both more most many much one two three
january february march april may june july august september october november december monday tuesday wednesday
thursday friday saturday sunday januar februar märz juni juli oktober dezember montag dienstag mittwoch
donnerstag freitag samstag sonntag ceo cfo cto coo ki ai ipo gpu gpus tpu cpu us usa eu uk usd eur gbp chf jpy
gw mw mrd mio bn mn pbc ps tv it api llm agi dpa ag se inc corp ltd llc gmbh co nr dr prof obwohl weil da
dass falls sofern nachdem bevor sobald indem wobei deshalb daher somit also dennoch trotzdem inzwischen mittlerweile
jetzt nun heute gestern morgen hier dort dabei darüber zunächst schließlich letztlich zuletzt insbesondere innerhalb
angesichts unabhängig mehr weniger rund etwa knapp gut bis wer was wo wann warum wie welche siehe gegenüber
""".split()) | set(SCALES) | set(UNIT_WORDS) | set(CURRENCY_WORDS) | {"milliarde", "billion", "million", "prozent"}


# German puts the finite verb second: a capitalised first word right before one of these is the sentence's subject,
# and, where it is no common noun, a name ('Siemens hält', 'Mubadala würde').
SUBJECT_VERBS = set("""hält hielt investiert investierte beteiligt steuert zahlt übernimmt plant will soll könnte würde
hat hatte führt leitet kauft verkauft erhält bekommt bringt stockt gibt wird kommt zahlte übernahm kaufte
steuerte erhielt bekam brachte gab führte leitete stockte
holds invests invested plans will would could has had leads led pays buys gets puts raises raised closes secures
lands bags nabs sells acquires""".split())


ORG_SUFFIXES = set("AI Capital Ventures Partners Group Holdings Holding Inc Inc. Corp Corp. AG SE GmbH Ltd Ltd. "
                   "LLC Systems Robotics Technologies Labs Bank Fund Energy Data Networks Semiconductor Investments "
                   "Management Securities Sachs Motors Microsystems Platforms Gruppe Stiftung".split())


NOUN_ENDINGS = ("ung", "ungen", "heit", "keit", "schaft", "tion", "tät", "nis", "ismus", "ik", "enz", "anz",
                "ment", "ität", "ungen", "chen", "en", "ern", "ie")


# Topic and status cues: stems matched at the start of a lower-cased word.
CUES = {
    "valuation": ["bewert", "valuation", "valued", "valuing", "valuat", "would value", "could value", "to value",
                  "will value", "börsenwert", "marktwert", "pre-money",
                  "post-money", "den wert von", "worth of the company", "values", "'s value", "its value",
                  "unternehmenswert", "firmenwert"],
    "prior": ["vor der runde", "zuvor", "previous", "prior", "previously", "last round", "a year ago", "up from",
              "letzten runde", "vorherigen", "bisher", "bereits", "already", "seit", "since", "had invested",
              "has invested", "hatte", "in its previous", "last valued", "zuletzt", "last round", "vorjahr",
              "a year earlier", "ein jahr zuvor", "damals", "at the time", "back then", "earlier this year",
              "gesamtfinanzierung", "total funding", "to date", "bislang", "ursprünglich", "originally",
              "last funding round", "letzten finanzierungsrunde", "compares with", "up from", "in its last",
              "after raising", "after it raised", "nachdem", "had said", "had told", "initial", "anfangs"],
    "revenue": ["umsatz", "umsätze", "erlös", "einnahmen", "revenue", "sales", "annualized", "annualised"],
    "spending": ["ausgaben", "kosten", "spend", "spending", "costs", "burn", "verbrennt", "investitionsausgaben",
                 "capex"],
    "growth": ["wachs", "wuchs", "gestiegen", "stieg", "grew", "growth", "rose", "up", "increase", "zuwachs",
               "plus", "verdoppel", "sank", "fell", "gesunken"],
    "stake": ["anteil", "beteiligung", "hält", "halten", "hielt", "stake", "holds", "hold", "held", "owns", "own",
              "am kapital", "of the company", "kontrollier", "aktionär", "shareholder", "prozent an", "% an"],
    "compute": ["rechenkapazität", "rechenleistung", "rechenzentr", "rechner", "cloud", "compute", "computing",
                "chip", "infrastruktur", "infrastructure", "data-cent", "data cent", "server", "gpu", "power",
                "strom", "energie", "aws", "azure", "chips", "rechnervertrag"],
    "contract": ["vertrag", "abkommen", "deal", "vereinbarung", "zusage", "contract", "agreement", "commitment",
                 "partnerschaft", "partnership", "worth", "im wert von", "wert von", "purchase"],
    "round": ["finanzierungsrunde", "runde", "round", "raise", "raising", "raised", "raises", "einsammeln",
              "sammelt", "eingesammelt", "einwerben", "kapitalbeschaffung", "finanzierung", "funding",
              "kapitalrunde", "zielgröße", "summe", "kapitalerhöhung", "target", "einzuwerben", "einzusammeln",
              "aufzunehmen", "aufnehmen"],
    "invest": ["invest", "beteilig", "beisteuer", "steuert", "einsteigen", "einstieg", "stecken", "erhalten",
               "put in", "contribut", "add", "adds", "back", "backed", "backs", "led by", "lead", "zuschie",
               "zahlen", "pay", "commit", "investor", "geldgeber", "einzusteigen", "zur verfügung", "bereitgestellt",
               "bereitstell"],
    "of_which": ["davon", "of which", "darunter", "including"],
    # several investors together ('gemeinsam bis zu 60 Milliarden'), a letter of intent, a stake in money
    "joint": ["gemeinsam", "zusammen", "together", "jointly", "combined"],
    "intent": ["absichtserklärung", "letter of intent", "memorandum of understanding", "grundsatzvereinbarung",
               "im gespräch", "absichtserkl"],
    "stake_money": ["anteile", "anteil", "beteiligung", "beteiligungen", "stake", "stakes"],
    "market": ["finanzierungsrunden", "gesamtvolumen", "volumina", "deals mit", "rounds of", "funding rounds",
               "start-ups insgesamt", "startups insgesamt"],
    # public money: a grant or a programme's budget is no round ('Förderprogramm', 'Fördergelder', 'subsidies')
    "public": ["förderprogramm", "fördergeld", "fördermittel", "förderbudget", "subsid", "grants", "budget"],
    "deal": ["deal", "contract", "agreement", "vertrag", "abkommen", "auftrag", "vereinbarung"],
    # a listing: what it would value the company at, or bring in, is no figure of the round
    "listing": ["börsengang", "börsennotierung", "an die börse", "börsendebüt", "ipo", "initial public offering",
                "public offering", "to list at", "to list on", "to list its", "listing", "go public", "going public",
                "went public"],
    # a person's fortune: no money of a round ('his personal wealth, estimated at around $10 billion')
    "wealth": ["personal wealth", "net worth", "privatvermögen", "his fortune", "her fortune", "sein vermögen",
               "ihr vermögen", "seines vermögens", "ihres vermögens"],
    # a venture of several companies: the money it plans is its own, not the round's ('a joint venture by ...')
    "venture": ["joint venture", "joint-venture", "gemeinschaftsunternehmen"],
}


STATUS_CUES = [
    ("talks", ["verhandel", "gespräch", "talks", "negotiat", "erwäg", "consider", "weigh", "könnte", "could",
               "would", "würde", "soll", "plant", "plans", "seeking", "sucht", "strebt", "expected", "erwartet",
               "kolportiert", "might", "may "]),
    ("closed", ["abgeschlossen", "completed", "closed", "raised", "raises", "eingesammelt", "sammelt"]),
    ("agreed", ["vereinbart", "unterzeichnet", "signed", "agreed", "geschlossen", "schloss", "einigung"]),
    ("announced", ["angekündigt", "kündigt", "gab bekannt", "announced", "announces", "bestätigt", "confirmed"]),
    ("reported", ["laut", "bericht", "zufolge", "reportedly", "reported", "according to", "said to"]),
]


AD_MARKERS = {"anzeige", "werbung", "advertisement", "sponsored", "anzeige:"}


# Words of an advertisement, not of a report: it speaks to the reader and calls to act.
AD_WORDS = set("""you your kostenlos kostenlose kostenlosen kostenloses gratis jetzt sichern
herunterladen downloaden anmelden bestellen abonnieren free download subscribe sign""".split())


MONTHS = {m: i + 1 for i, names in enumerate([
    "januar jan january", "februar feb february", "märz mär mrz march mar", "april apr", "mai may",
    "juni jun june", "juli jul july", "august aug", "september sept sep", "oktober okt october oct",
    "november nov", "dezember dez december dec"]) for m in names.split()}


_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))


DATE_PATTERNS = [
    re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})\b"),
    re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})\.?\s+(?P<mn>{_MONTH_RE})\.?\s+(?P<y>(?:19|20)\d{{2}})\b", re.I),
    re.compile(rf"\b(?P<mn>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>(?:19|20)\d{{2}})\b", re.I),
]


ABBREVIATIONS = {"mrd", "mio", "mill", "bio", "ca", "nr", "dr", "prof", "st", "bzw", "z.b", "u.a", "inc", "corp", "co",
                 "ltd", "no", "vs", "approx", "usw", "evtl", "ggf", "vgl", "mr", "mrs", "ms", "jr", "sr", "u.s",
                 "e.g", "i.e", "etc", "abs"} | set(MONTHS)


FRACTIONS = {"halb": 0.5, "halbe": 0.5, "halben": 0.5, "halber": 0.5, "half": 0.5, "anderthalb": 1.5,
             "eineinhalb": 1.5, "quarter": 0.25, "viertel": 0.25, "dreiviertel": 0.75}


ONE = {"ein", "eine", "einer", "einem", "einen", "one", "a", "an"}


NUMBER_WORD_RE = re.compile(
    r"eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|ßig|hundert|tausend|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|eleven|twelve|teen|twenty|thirty|forty|fifty|ty$|hundred|thousand")


OPENERS = {"bei", "mit", "at", "with", "für", "for", "und", "and", "while", "während", "whereas"}


# Capitalised words that name no organisation: German common nouns of business news (German capitalises every
# noun, so a capital letter says little), places, loan words and sentence-opening adverbs. A compact list, checked
# before the shape rules; a name made of such words with a trade suffix ('Scalable Capital') is still a name.
COMMON_NOUNS = set("""
unternehmen firma firmen konzern konzerne gruppe start-up start-ups startup startups jungunternehmen gründer
gründerin gründern investor investoren investorin geldgeber kapitalgeber finanzgeber geld gelder kapital runde
finanzierung finanzierungen finanzierungsrunde finanzierungsrunden bewertung anteil anteile anteilen beteiligung
millionen milliarden milliarde million umsatz gewinn verlust jahr jahre jahren jahres monat monate woche wochen
tag tage ende anfang mitte beginn zeit markt märkte branche bank banken fonds staat regierung bundesregierung
land länder stadt welt kunden kunde mitarbeiter mitarbeitende beschäftigte chef chefin geschäftsführer
geschäftsführerin vorstand vorstandschef aufsichtsrat beirat sprecher sprecherin experte experten analyst
analysten bericht berichte berichten angaben quelle quellen insider kreise zeitung medien daten software
technologie strategie ziel ziele plan pläne schritt schritte teil hälfte drittel viertel summe betrag höhe wert
zahl zahlen preis preise kosten geschäft geschäfte produkt produkte dienst dienste plattform vertrag verträge
auftrag aufträge partner partnerschaft gespräche verhandlungen interesse frage fragen grund gründe folge folgen
rahmen zuge bereich bereiche sektor sparte tochter mutter mutterkonzern hoffnung erwartungen geschichte haken
unterlagen dokumente studie studien wirtschaft politik forschung entwicklung anleger aktionäre gesellschafter
kapitalspritze transaktion übernahme einstieg ausstieg rekord prognose bilanz konto vorjahr halbjahr quartal
deutschland europa frankreich großbritannien österreich schweiz amerika china japan indien israel russland
germany europe france britain america japan india berlin münchen hamburg köln frankfurt stuttgart heidelberg
london paris peking beijing brüssel washington
term sheet hello deal deals story player exit news team seed series funding equity cash tech cloud computing

dafür deshalb damals stattdessen bislang bisher zuvor derzeit künftig vergangenes vergangene vergangenen
erstmals besonders sowohl beide zwei drei vier fünf interne neue neuen laut
danach dann davor dadurch darauf daraufhin hierzu ebenfalls weiterhin bald später früher anschließend
vorher nachher seitdem stattdessen ohnehin immerhin
""".split())


# News outlets and agencies: a source of a report, never a party to the deal it reports.
OUTLETS = set("""reuters bloomberg handelsblatt wirtschaftswoche capital heise dpa afp ap cnbc spiegel faz
gründerszene techcrunch axios ft wsj nyt""".split()) | {"financial times", "wall street journal", "the information",
                                                       "manager magazin", "finance forward", "business insider",
                                                       "new york times"}


# How an English adjective of a people or place ends ('European', 'Swedish', 'Chinese'): before a small noun, no name.
DEMONYM_ENDINGS = ("ean", "ian", "ish", "ese")


# A German role noun ends with one of these ('Batteriehersteller Voltaris', 'der Rüstungskonzern Rheinmetall'): it
# stands before a name and is no part of it.
ROLE_ENDINGS = ("hersteller", "konzern", "anbieter", "firma", "gruppe", "bank", "fonds", "investor", "geber",
                "unternehmen", "betreiber", "entwickler", "dienst", "startup", "start-up", "chef", "spezialist",
                "riese", "gigant", "plattform", "händler", "versicherer", "zulieferer")


# A table row's label that names a measure: its figures have no investor.
ROW_LABELS = set("""ebitda ebit ebt umsatz umsatzerlöse revenue revenues sales net income gewinn verlust
jahresüberschuss jahresfehlbetrag cash eigenkapital equity summe total gesamt insgesamt operating free cashflow
cash-flow bruttomarge margin marge ergebnis""".split())
