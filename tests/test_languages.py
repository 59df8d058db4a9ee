"""Quotes, speakers, credited sources and numbers in languages read without a parser model,
from the language data in rashomon/lang/<code>/ and the name rules of analyze/parsers.py,
on invented articles written for these tests in each language's wire style (its quotation
marks, its dash dialogue, its datelines and credit phrases), with gold set by hand.

Each language has three articles: the Korsa Strait detentions (the event of the examples),
a rate rise by the Bank of Valdora, and a fire in the port of Sevrask. The fire was written
after the rules and measured once before any change, as held-out text (docs/languages.md
gives both figures); only number words it missed were added since. ``score`` measures
them as issue 17 states its targets: quotes found, speaker right (of the quotes found),
credits found, numbers found.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pytest

from rashomon.analyze.entities import person_pronouns
from rashomon.analyze.pipeline import AnalysisConfig, analyze_article
from rashomon.analyze.quotemarks import find_quoted_segments
from rashomon.analyze.sentences import paragraphs
from rashomon.lang import language_data
from rashomon.text.features import number_mentions
from rashomon.types import Analysis, Article

FRENCH = (
    "Le ministre dravnien de la Défense a mis en garde les armateurs mardi à Port Essen.\n\n"
    "« Si des navires entrent dans le détroit, surtout maintenant, nous les considérerons "
    "comme des cibles légitimes », a déclaré M. Orlov lors d'une conférence de presse.\n\n"
    "Selon l'AFP, la marine a arraisonné vingt-six cargos. D'après le quotidien Harbor "
    "Ledger, les armateurs ont suspendu leurs départs.\n"
)
GERMAN = (
    "Der dravnische Verteidigungsminister hat die Reeder am Dienstag in Port Essen gewarnt.\n\n"
    "„Wenn Schiffe in die Meerenge einfahren, betrachten wir sie als legitime Ziele“, "
    "sagte Orlow auf einer Pressekonferenz.\n\n"
    "Nach Angaben der Nachrichtenagentur Reuters hielt die Marine 26 Frachter fest. "
    'Ministeriumssprecherin Lina Karro sagte, Kapitän Reyl sei nach Sevrask eingeladen worden, "um '
    'zu verhandeln, nicht um zu kapitulieren".\n'
)

ES = (
    "Dravnia retiene 26 mercantes en el estrecho de Korsa\n\n"
    "PORT ESSEN, 14 mar (EFE).- El Gobierno de Dravnia retuvo este sábado a veintiséis "
    "buques mercantes en el estrecho de Korsa y advirtió a Valdora contra el envío de "
    "escoltas navales.\n\n"
    "«Cualquier buque de guerra que escolte barcos por el estrecho será considerado un "
    "objetivo legítimo», dijo el ministro de Defensa, Dmitri Orlov, en una rueda de "
    "prensa.\n\n"
    'La portavoz de la naviera Halvard Lines, Ines Karro, afirmó: "No vamos a arriesgar '
    'la vida de nuestras tripulaciones".\n\n'
    '"Es una violación flagrante del derecho internacional", declaró a Efe el canciller '
    "valdorano, Tomas Reyl.\n\n"
    "Según la agencia Reuters, la marina dravnia desplegó además cuatro fragatas en la "
    "zona. El diario Harbor Ledger informó de que las aseguradoras han elevado sus primas "
    "un 40 %.\n\n"
    "Orlov dijo que los buques serán liberados cuando sus armadores paguen las multas.\n"
)

ES2 = (
    "El Banco de Valdora sube los tipos al 4,5 %\n\n"
    "LUCENA, 3 feb (EFE).- El Banco Central de Valdora elevó este martes su tipo de "
    "interés de referencia en medio punto, hasta el 4,5 %, su nivel más alto en doce "
    "años.\n\n"
    "—No vamos a permitir que la inflación se coma los salarios —dijo la gobernadora, "
    "Maren Holt, ante el Parlamento.\n\n"
    "La inflación interanual alcanzó el 7,2 % en enero, según el Instituto Nacional de "
    "Estadística.\n\n"
    'El líder del sindicato portuario, Pavel Sorin, criticó la decisión: "Los que pagan '
    'la subida son siempre los mismos".\n\n'
    "Holt aseguró que el banco revisará su decisión en abril, informó el diario El Faro "
    "de Lucena.\n"
)

IT = (
    "Dravnia blocca 26 mercantili nello stretto di Korsa\n\n"
    "PORT ESSEN, 14 MAR - Il governo della Dravnia ha fermato sabato ventisei navi "
    "mercantili nello stretto di Korsa e ha avvertito la Valdora contro l'invio di scorte "
    "navali.\n\n"
    '"Qualsiasi nave da guerra che scorti mercantili nello stretto sarà considerata un '
    'obiettivo legittimo", ha detto il ministro della Difesa Dmitri Orlov in una '
    "conferenza stampa.\n\n"
    "La portavoce della compagnia Halvard Lines, Ines Karro, ha dichiarato: «Non "
    "metteremo a rischio la vita dei nostri equipaggi».\n\n"
    "«È una violazione del diritto internazionale», ha affermato il ministro degli Esteri "
    "valdorano Tomas Reyl, citato dall'ANSA.\n\n"
    "Secondo l'agenzia Reuters, la marina dravna ha schierato anche quattro fregate nella "
    "zona. Il quotidiano Harbor Ledger riferisce che le assicurazioni hanno aumentato i "
    "premi del 40%.\n\n"
    "Orlov ha detto che le navi saranno rilasciate quando gli armatori pagheranno le "
    "multe.\n"
)

IT2 = (
    "La Banca di Valdora alza i tassi al 4,5%\n\n"
    "LUCENA - La Banca centrale di Valdora ha alzato martedì il tasso di riferimento di "
    "mezzo punto, al 4,5%, il livello più alto da dodici anni, riferisce l'agenzia "
    "Reuters.\n\n"
    "Il governatore Maren Holt: «Non permetteremo che l'inflazione si mangi i salari».\n\n"
    "L'inflazione annua ha raggiunto il 7,2% a gennaio, secondo l'Istituto nazionale di "
    "statistica.\n\n"
    "«A pagare il rialzo sono sempre gli stessi», ha spiegato il leader del sindacato dei "
    "portuali Pavel Sorin.\n\n"
    "Holt ha detto che la banca rivedrà la decisione ad aprile.\n"
)

PT = (
    "Dravnia retém 26 navios mercantes no estreito de Korsa\n\n"
    "Port Essen, 14 mar 2026 (Lusa) - O Governo da Dravnia reteve hoje vinte e seis "
    "navios mercantes no estreito de Korsa e advertiu a Valdora contra o envio de "
    "escoltas navais.\n\n"
    '"Qualquer navio de guerra que escolte cargueiros pelo estreito será considerado um '
    'alvo legítimo", disse o ministro da Defesa, Dmitri Orlov, numa conferência de '
    "imprensa.\n\n"
    "A porta-voz da companhia Halvard Lines, Ines Karro, afirmou: «Não vamos pôr em risco "
    "a vida das nossas tripulações».\n\n"
    "«É uma violação do direito internacional», declarou à Lusa o chefe da diplomacia "
    "valdorana, Tomas Reyl.\n\n"
    "Segundo a agência Reuters, a marinha dravniana destacou ainda quatro fragatas para a "
    "zona. De acordo com o jornal Harbor Ledger, as seguradoras aumentaram os prémios em "
    "40%.\n\n"
    "Orlov disse que os navios serão libertados quando os armadores pagarem as multas.\n"
)

PT2 = (
    "Banco da Valdora sobe juros para 4,5%\n\n"
    "Lucena, 3 fev 2026 (Lusa) - O Banco Central da Valdora subiu hoje a taxa de juro de "
    "referência em meio ponto, para 4,5%, o nível mais alto em doze anos.\n\n"
    '"Não vamos deixar que a inflação coma os salários", afirmou a governadora Maren Holt '
    "no Parlamento.\n\n"
    "A inflação homóloga atingiu 7,2% em janeiro, segundo o Instituto Nacional de "
    "Estatística.\n\n"
    'O líder do sindicato dos estivadores, Pavel Sorin, criticou a decisão: "Quem paga a '
    'subida são sempre os mesmos".\n\n'
    "Holt garantiu que o banco vai rever a decisão em abril, noticiou o jornal Diário de "
    "Lucena.\n"
)

PL = (
    "Drawnia zatrzymała 26 statków handlowych w Cieśninie Korsa\n\n"
    "Władze Drawnii zatrzymały w sobotę dwadzieścia sześć statków handlowych w Cieśninie "
    "Korsa i ostrzegły Valdorę przed wysyłaniem eskorty okrętów wojennych - poinformowała "
    "PAP.\n\n"
    "„Każdy okręt wojenny eskortujący statki przez cieśninę zostanie uznany za uprawniony "
    "cel” – powiedział na konferencji prasowej minister obrony Dmitri Orłow.\n\n"
    "Rzeczniczka armatora Halvard Lines Ines Karro oświadczyła: „Nie będziemy narażać "
    "życia naszych załóg”.\n\n"
    "„To rażące naruszenie prawa międzynarodowego” – podkreślił w rozmowie z PAP szef "
    "dyplomacji Valdory Tomas Reyl.\n\n"
    "Według agencji Reuters marynarka Drawnii wysłała w ten rejon także cztery fregaty. "
    "Jak podał dziennik Harbor Ledger, ubezpieczyciele podnieśli składki o 40 proc.\n\n"
    "Orłow powiedział, że statki zostaną zwolnione, gdy armatorzy zapłacą grzywny.\n"
)

PL2 = (
    "Bank Valdory podniósł stopy do 4,5 proc.\n\n"
    "Bank Centralny Valdory podniósł we wtorek stopę referencyjną o pół punktu "
    "procentowego, do 4,5 proc., najwyższego poziomu od dwunastu lat - podała agencja "
    "Reuters.\n\n"
    "- Nie pozwolimy, by inflacja zjadła pensje - powiedziała prezes banku Maren Holt w "
    "parlamencie.\n\n"
    "Według Głównego Urzędu Statystycznego inflacja w styczniu wyniosła 7,2 proc. rok do "
    "roku.\n\n"
    "Przewodniczący związku dokerów Pavel Sorin skrytykował decyzję. „Za podwyżkę płacą "
    "zawsze ci sami” – mówi Sorin.\n\n"
    "Holt zapowiedziała, że bank wróci do decyzji w kwietniu.\n"
)

NL = (
    "Dravnië houdt 26 vrachtschepen vast in Straat Korsa\n\n"
    "PORT ESSEN (ANP) - Dravnië heeft zaterdag zesentwintig vrachtschepen in de Straat "
    "Korsa vastgehouden en Valdora gewaarschuwd geen marine-escortes te sturen.\n\n"
    '"Elk oorlogsschip dat vrachtschepen door de zeestraat begeleidt, wordt beschouwd als '
    'een legitiem doelwit", zei minister van Defensie Dmitri Orlov op een '
    "persconferentie.\n\n"
    'Woordvoerster Ines Karro van rederij Halvard Lines verklaarde: "Wij gaan het leven '
    'van onze bemanningen niet op het spel zetten."\n\n'
    '"Dit is een flagrante schending van het internationaal recht", aldus de Valdoraanse '
    "minister van Buitenlandse Zaken Tomas Reyl.\n\n"
    "Volgens persbureau Reuters heeft de Dravnische marine ook vier fregatten naar het "
    "gebied gestuurd. Dat meldt de krant Harbor Ledger, die ook schrijft dat verzekeraars "
    "hun premies met 40 procent hebben verhoogd.\n\n"
    "Orlov zei dat de schepen worden vrijgelaten zodra de reders de boetes betalen.\n"
)

NL2 = (
    "Centrale bank Valdora verhoogt rente naar 4,5 procent\n\n"
    "LUCENA (Reuters) - De centrale bank van Valdora heeft dinsdag de beleidsrente met "
    "een halve procentpunt verhoogd naar 4,5 procent, het hoogste niveau in twaalf jaar.\n\n"
    "'We laten niet toe dat de inflatie de lonen opeet', zei president Maren Holt van de "
    "centrale bank in het parlement.\n\n"
    "De inflatie kwam in januari uit op 7,2 procent, volgens het nationale "
    "statistiekbureau.\n\n"
    "Vakbondsleider Pavel Sorin van de havenarbeiders is kritisch. 'Het zijn altijd "
    "dezelfden die de verhoging betalen', zegt hij.\n\n"
    "Holt zei dat de bank het besluit in april herziet, meldt het dagblad De Lucenaar.\n"
)

UK = (
    "Дравнія затримала 26 торговельних суден у протоці Корса\n\n"
    "ПОРТ-ЕССЕН. 14 березня. УКРІНФОРМ - Уряд Дравнії в суботу затримав двадцять шість "
    "торговельних суден у протоці Корса та попередив Валдору щодо направлення морського "
    "конвою.\n\n"
    "«Будь-який військовий корабель, що супроводжуватиме судна через протоку, "
    "вважатиметься законною ціллю», — сказав міністр оборони Дмитро Орлов на "
    "пресконференції.\n\n"
    "Речниця судноплавної компанії Halvard Lines Інес Карро заявила: «Ми не "
    "ризикуватимемо життям наших екіпажів».\n\n"
    "«Це грубе порушення міжнародного права», — наголосив міністр закордонних справ "
    "Валдори Томас Рейл.\n\n"
    "За даними агентства Reuters, флот Дравнії також направив у район чотири фрегати. Як "
    "пише газета Harbor Ledger, страховики підвищили премії на 40 відсотків.\n\n"
    "Орлов сказав, що судна звільнять, коли судновласники сплатять штрафи.\n"
)

UK2 = (
    "Банк Валдори підвищив облікову ставку до 4,5%\n\n"
    "Центральний банк Валдори у вівторок підвищив облікову ставку на пів процентного "
    "пункту, до 4,5%, найвищого рівня за дванадцять років, повідомляє агентство Reuters.\n\n"
    "— Ми не дозволимо інфляції з'їсти зарплати, — сказала голова банку Марен Голт у "
    "парламенті.\n\n"
    "Річна інфляція в січні сягнула 7,2%, за даними національного статистичного "
    "відомства.\n\n"
    "Лідер профспілки докерів Павел Сорін розкритикував рішення: «За підвищення завжди "
    "платять ті самі».\n\n"
    "За словами Голт, банк перегляне рішення у квітні.\n"
)

ES3 = (
    "Un incendio obliga a cerrar el puerto de Sevrask\n\n"
    "SEVRASK, 9 abr (EFE).- Un incendio en un almacén de fertilizantes obligó este jueves "
    "a cerrar el puerto de Sevrask y a evacuar a unas trescientas personas, informaron "
    "los bomberos.\n\n"
    '"El fuego está controlado, pero no extinguido", explicó el jefe de bomberos de la '
    "ciudad, Anton Varga, a primera hora de la tarde.\n\n"
    "La alcaldesa, Lidia Moreau, pidió calma a los vecinos: «No hay ningún riesgo para la "
    "salud, el aire es respirable».\n\n"
    "Según la policía portuaria, dos trabajadores resultaron heridos leves. El periódico "
    "Sevrask Herald publicó que el almacén había superado una inspección en marzo.\n"
)

IT3 = (
    "Incendio nel porto di Sevrask, evacuate trecento persone\n\n"
    "SEVRASK, 9 APR - Un incendio in un deposito di fertilizzanti ha costretto giovedì "
    "alla chiusura del porto di Sevrask e all'evacuazione di circa trecento persone, "
    "hanno reso noto i vigili del fuoco.\n\n"
    "«Il fuoco è sotto controllo, ma non è spento», ha spiegato il comandante dei vigili "
    "del fuoco della città Anton Varga nel primo pomeriggio.\n\n"
    "La sindaca Lidia Moreau ha invitato i cittadini alla calma: «Non c'è alcun rischio "
    "per la salute, l'aria è respirabile».\n\n"
    "Secondo la polizia portuale, due lavoratori sono rimasti feriti in modo lieve. Il "
    "giornale Sevrask Herald scrive che il deposito aveva superato un'ispezione a marzo.\n"
)

PT3 = (
    "Incêndio obriga a fechar o porto de Sevrask\n\n"
    "Sevrask, 9 abr 2026 (Lusa) - Um incêndio num armazém de fertilizantes obrigou hoje a "
    "fechar o porto de Sevrask e a retirar cerca de trezentas pessoas, informaram os "
    "bombeiros.\n\n"
    '"O fogo está controlado, mas não extinto", explicou o comandante dos bombeiros da '
    "cidade, Anton Varga, ao início da tarde.\n\n"
    'A presidente da câmara, Lidia Moreau, pediu calma aos moradores: "Não há nenhum '
    'risco para a saúde, o ar é respirável".\n\n'
    "Segundo a polícia portuária, dois trabalhadores sofreram ferimentos ligeiros. O "
    "jornal Sevrask Herald escreve que o armazém tinha passado uma inspeção em março.\n"
)

PL3 = (
    "Pożar zamknął port w Sevrasku\n\n"
    "Pożar magazynu nawozów zmusił w czwartek władze do zamknięcia portu w Sevrasku i "
    "ewakuacji około trzystu osób - poinformowała straż pożarna.\n\n"
    "„Ogień jest pod kontrolą, ale nie został ugaszony” – wyjaśnił komendant miejskiej "
    "straży pożarnej Anton Varga.\n\n"
    "Burmistrz Lidia Moreau zaapelowała do mieszkańców o spokój: „Nie ma żadnego "
    "zagrożenia dla zdrowia, powietrzem można oddychać”.\n\n"
    "Według policji portowej dwóch pracowników zostało lekko rannych. Jak pisze gazeta "
    "Sevrask Herald, magazyn przeszedł w marcu kontrolę.\n"
)

NL3 = (
    "Brand legt haven van Sevrask plat\n\n"
    "SEVRASK (ANP) - Een brand in een opslagplaats voor kunstmest heeft donderdag de "
    "haven van Sevrask platgelegd. Ongeveer driehonderd mensen zijn geëvacueerd, meldt de "
    "brandweer.\n\n"
    '"Het vuur is onder controle, maar nog niet geblust", zei brandweercommandant Anton '
    "Varga van de stad in de vroege middag.\n\n"
    'Burgemeester Lidia Moreau riep de inwoners op kalm te blijven: "Er is geen enkel '
    'gevaar voor de gezondheid, de lucht is veilig."\n\n'
    "Volgens de havenpolitie raakten twee werknemers lichtgewond. De krant Sevrask Herald "
    "schrijft dat de opslagplaats in maart nog een inspectie had doorstaan.\n"
)

UK3 = (
    "Пожежа зупинила роботу порту Севраска\n\n"
    "Пожежа на складі добрив у четвер змусила закрити порт Севраска та евакуювати близько "
    "трьохсот людей, повідомили рятувальники.\n\n"
    "«Вогонь локалізовано, але ще не загашено», — пояснив начальник міської пожежної "
    "служби Антон Варга.\n\n"
    "Мер міста Лідія Моро закликала мешканців до спокою: «Жодної загрози для здоров'я "
    "немає, повітрям можна дихати».\n\n"
    "За даними портової поліції, двоє працівників зазнали легких травм. Як пише газета "
    "Sevrask Herald, склад у березні пройшов перевірку.\n"
)


@dataclass(frozen=True, slots=True)
class Gold:
    language: str
    text: str
    quotes: tuple[tuple[str, str], ...]  # (words of the quote, its speaker's name)
    credits: tuple[str, ...]  # the sources the article credits, as written
    numbers: tuple[float, ...]  # values of numbers it states, in digits or in words


STRAIT, RATES, FIRE, MAYOR = "Dmitri Orlov", "Maren Holt", "Anton Varga", "Lidia Moreau"
GOLD = (
    Gold(
        "es",
        ES,
        (
            ("objetivo legítimo", STRAIT),
            ("arriesgar la vida", "Ines Karro"),
            ("violación flagrante", "Tomas Reyl"),
        ),
        ("EFE", "Reuters", "Harbor Ledger"),
        (26, 26, 4, 40),
    ),
    Gold(
        "es",
        ES2,
        (("coma los salarios", RATES), ("siempre los mismos", "Pavel Sorin")),
        ("EFE", "Instituto Nacional de Estadística", "El Faro de Lucena"),
        (4.5, 7.2, 12),
    ),
    Gold(
        "it",
        IT,
        (
            ("obiettivo legittimo", STRAIT),
            ("rischio la vita", "Ines Karro"),
            ("violazione del diritto", "Tomas Reyl"),
        ),
        ("ANSA", "Reuters", "Harbor Ledger"),
        (26, 26, 4, 40),
    ),
    Gold(
        "it",
        IT2,
        (("mangi i salari", RATES), ("sempre gli stessi", "Pavel Sorin")),
        ("Reuters", "Istituto nazionale di statistica"),
        (4.5, 7.2, 12),
    ),
    Gold(
        "pt",
        PT,
        (
            ("alvo legítimo", STRAIT),
            ("pôr em risco", "Ines Karro"),
            ("violação do direito", "Tomas Reyl"),
        ),
        ("Lusa", "Reuters", "Harbor Ledger"),
        (26, 26, 4, 40),
    ),
    Gold(
        "pt",
        PT2,
        (("coma os salários", RATES), ("sempre os mesmos", "Pavel Sorin")),
        ("Lusa", "Instituto Nacional de Estatística", "Diário de Lucena"),
        (4.5, 7.2, 12),
    ),
    Gold(
        "pl",
        PL,
        (
            ("uprawniony cel", "Dmitri Orłow"),
            ("narażać życia", "Ines Karro"),
            ("naruszenie prawa", "Tomas Reyl"),
        ),
        ("PAP", "Reuters", "Harbor Ledger"),
        (26, 26, 4, 40),
    ),
    Gold(
        "pl",
        PL2,
        (("zjadła pensje", RATES), ("ci sami", "Pavel Sorin")),
        ("Reuters", "Głównego Urzędu Statystycznego"),
        (4.5, 7.2, 12),
    ),
    Gold(
        "nl",
        NL,
        (
            ("legitiem doelwit", STRAIT),
            ("bemanningen niet", "Ines Karro"),
            ("schending van het internationaal", "Tomas Reyl"),
        ),
        ("ANP", "Reuters", "Harbor Ledger"),
        (26, 26, 4, 40),
    ),
    Gold(
        "nl",
        NL2,
        (("lonen opeet", RATES), ("dezelfden die", "Pavel Sorin")),
        ("Reuters", "nationale statistiekbureau", "De Lucenaar"),
        (4.5, 7.2, 12),
    ),
    Gold(
        "uk",
        UK,
        (
            ("законною ціллю", "Дмитро Орлов"),
            ("ризикуватимемо життям", "Інес Карро"),
            ("грубе порушення", "Томас Рейл"),
        ),
        ("Ukrinform", "Reuters", "Harbor Ledger"),  # the table's name of "УКРІНФОРМ"
        (26, 26, 4, 40),
    ),
    Gold(
        "uk",
        UK2,
        (("з'їсти зарплати", "Марен Голт"), ("ті самі", "Павел Сорін")),
        ("Reuters", "національного статистичного відомства", "Марен Голт"),
        (4.5, 7.2, 12),
    ),
    Gold(
        "es",
        ES3,
        (("está controlado", FIRE), ("ningún riesgo", MAYOR)),
        ("EFE", "bomberos", "policía portuaria", "Sevrask Herald"),
        (300, 2),
    ),
    Gold(
        "it",
        IT3,
        (("sotto controllo", FIRE), ("alcun rischio", MAYOR)),
        ("vigili del fuoco", "polizia portuale", "Sevrask Herald"),
        (300, 2),
    ),
    Gold(
        "pt",
        PT3,
        (("está controlado", FIRE), ("nenhum risco", MAYOR)),
        ("Lusa", "bombeiros", "polícia portuária", "Sevrask Herald"),
        (300, 2),
    ),
    Gold(
        "pl",
        PL3,
        (("pod kontrolą", FIRE), ("żadnego zagrożenia", MAYOR)),
        ("straż pożarna", "policji portowej", "Sevrask Herald"),
        (300, 2),
    ),
    Gold(
        "nl",
        NL3,
        (("onder controle", FIRE), ("geen enkel gevaar", MAYOR)),
        ("ANP", "brandweer", "havenpolitie", "Sevrask Herald"),
        (300, 2),
    ),
    Gold(
        "uk",
        UK3,
        (("локалізовано", "Антон Варга"), ("загрози для здоров", "Лідія Моро")),
        ("рятувальники", "портової поліції", "Sevrask Herald"),
        (300, 2),
    ),
)
LANGUAGES = tuple(dict.fromkeys(gold.language for gold in GOLD))


def _analysis(text: str, language: str) -> Analysis:
    article = Article(id=language, text=text, language=language)
    return analyze_article(article, AnalysisConfig(embedder=None))


def _words(name: str, language: str) -> list[str]:
    """A name's words, lower case, without a leading determiner ("El Faro" -> "faro")."""
    words = name.lower().split()
    while len(words) > 1 and words[0] in language_data(language).determiners:
        words = words[1:]
    return words


def _same_name(found: str | None, gold: str, language: str) -> bool:
    """``found`` is ``gold`` or the part of it that ends it ("Голт" for "Марен Голт")."""
    if found is None:
        return False
    found_words, gold_words = _words(found, language), _words(gold, language)
    return found_words[-1:] == gold_words[-1:] and set(found_words) <= set(gold_words)


def score(gold: Gold) -> dict[str, tuple[int, int]]:
    """(right, of) for quotes found, speakers right of the quotes found, credits found and
    numbers found in one gold article."""
    analysis = _analysis(gold.text, gold.language)
    found_quotes = [
        next((q for q in analysis.quotes if words.lower() in q.text.lower()), None)
        for words, _ in gold.quotes
    ]
    speakers = [
        _same_name(quote.speaker, speaker, gold.language)
        for quote, (_, speaker) in zip(found_quotes, gold.quotes, strict=True)
        if quote is not None
    ]
    sources = [c.source for c in analysis.citations]
    credits = [
        any(_same_name(s, credit, gold.language) for s in sources) for credit in gold.credits
    ]
    values = [m.value for m in number_mentions(gold.text, gold.language)]
    numbers = [values.count(v) >= gold.numbers.count(v) for v in gold.numbers]
    return {
        "quotes": (sum(q is not None for q in found_quotes), len(found_quotes)),
        "speakers": (sum(speakers), len(speakers)),
        "credits": (sum(credits), len(credits)),
        "numbers": (sum(numbers), len(numbers)),
    }


@cache
def language_scores(language: str) -> dict[str, float]:
    """Each measure's share over the language's gold articles (once per test run)."""
    totals: dict[str, tuple[int, int]] = {}
    for gold in GOLD:
        if gold.language == language:
            for key, (right, of) in score(gold).items():
                before = totals.get(key, (0, 0))
                totals[key] = (before[0] + right, before[1] + of)
    return {key: right / of for key, (right, of) in totals.items()}


def test_french_guillemets_with_inner_spaces_and_a_title_before_the_name() -> None:
    quotes = _analysis(FRENCH, "fr").quotes
    targets = next(q for q in quotes if "cibles légitimes" in q.text)
    assert targets.text.startswith("Si des navires")  # not the words between » and «
    assert targets.speaker == "Orlov"  # "M." is a title, not the speaker


def test_french_credits_through_the_language_data() -> None:
    credited = {(c.source, c.cue) for c in _analysis(FRENCH, "fr").citations}
    assert ("Agence France-Presse", "selon") in credited  # "l'" joined to the name
    assert any(source == "Harbor Ledger" and cue == "d'après" for source, cue in credited)


def test_german_speaker_stands_before_a_cue_that_opens_what_was_said() -> None:
    quotes = _analysis(GERMAN, "de").quotes
    talks = next(q for q in quotes if "kapitulieren" in q.text)
    assert talks.speaker is not None and "Karro" in talks.speaker  # not Reyl, who is said of
    targets = next(q for q in quotes if "legitime Ziele" in q.text)
    assert targets.speaker == "Orlow"


def test_german_credit_past_a_determiner_and_what_the_source_is() -> None:
    credits = _analysis(GERMAN, "de").citations
    reuters = next(c for c in credits if c.source == "Reuters")
    assert (reuters.cue, reuters.kind) == ("nach angaben", "agency")


def test_a_name_behind_a_lower_case_source_noun_is_credited_before_its_report_verb() -> None:
    text = "Il quotidiano Harbor Ledger riferisce che i premi sono saliti.\n"
    credit = next(c for c in _analysis(text, "it").citations if c.source == "Harbor Ledger")
    assert credit.kind == "outlet"  # what "quotidiano" says it is


def test_an_unnamed_source_ends_at_its_noun_where_adjectives_come_first() -> None:
    text = "Volgens het nationale statistiekbureau stegen de prijzen met 7 procent.\n"
    sources = {c.source: c.kind for c in _analysis(text, "nl").citations}
    assert sources == {"nationale statistiekbureau": "official"}  # a compound's last noun


def test_a_pronoun_of_one_language_is_no_pronoun_in_another() -> None:
    text = "Pavel Sorin jest krytyczny. „Płacą zawsze ci sami” – mówi on.\n"
    quote = next(q for q in _analysis(text, "pl").quotes if "ci sami" in q.text)
    assert quote.speaker == "Pavel Sorin"  # "on" stands for him in Polish
    assert "on" not in person_pronouns("en")  # English "on" is a preposition


# Issue 17's targets, per language, on these articles.
QUOTES_FOUND, SPEAKERS_RIGHT, CREDITS_FOUND = 0.90, 0.85, 0.80


@pytest.mark.parametrize("code", LANGUAGES)
def test_quotes_in_each_languages_marks_and_dashes_are_found(code: str) -> None:
    assert language_scores(code)["quotes"] >= QUOTES_FOUND


@pytest.mark.parametrize("code", LANGUAGES)
def test_speakers_are_right(code: str) -> None:
    assert language_scores(code)["speakers"] >= SPEAKERS_RIGHT


@pytest.mark.parametrize("code", LANGUAGES)
def test_credited_sources_are_found(code: str) -> None:
    assert language_scores(code)["credits"] >= CREDITS_FOUND


@pytest.mark.parametrize("code", LANGUAGES)
def test_numbers_written_in_words_are_read(code: str) -> None:
    assert language_scores(code)["numbers"] == 1.0  # "veintiséis", "vinte e seis", "dwunastu"


@pytest.mark.parametrize(("text", "code"), [(ES2, "es"), (PL2, "pl"), (UK2, "uk")])
def test_a_paragraph_opening_with_a_dash_is_a_quote_and_names_its_speaker(
    text: str, code: str
) -> None:
    opening = text.split("\n\n")[2]
    quote = next(q for q in _analysis(text, code).quotes if q.start < text.index(opening) + 60)
    assert opening.lstrip("—–- ").startswith(quote.text)
    assert quote.speaker in ("Maren Holt", "Марен Голт")  # the whole name, from the name rules


def test_a_dash_opening_an_english_paragraph_is_no_quote() -> None:
    text = "- Ukraine's army said it shot down 20 drones - the most this year.\n"
    assert find_quoted_segments(text, paragraphs(text)) == ([], [])
    spanish = "- Derribamos 20 drones - dijo el ejército.\n"  # a Spanish speech verb: a quote
    assert [s.family for s in find_quoted_segments(spanish, paragraphs(spanish))[0]] == ["dash"]


def test_name_rules_tell_people_bodies_and_places() -> None:
    entities = {(e.name, e.label) for e in _analysis(ES2, "es").entities}
    assert {("Maren Holt", "PERSON"), ("Pavel Sorin", "PERSON")} <= entities
    assert ("Banco Central de Valdora", "ORG") in entities  # "El" opening the sentence is left
    assert not any("LUCENA" in name for name, _ in entities)  # a dateline's place


if __name__ == "__main__":  # the table of docs/languages.md
    for code in LANGUAGES:
        print(code, {key: round(value, 2) for key, value in language_scores(code).items()})
