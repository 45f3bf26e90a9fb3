"""Keyword lists for managed identifiers.

Lists marked ``# AWS`` are copied from AWS's managed data identifier tables: the SNS
"Sensitive data types" pages, the CloudWatch Logs data protection reference and the Macie
"Managed data identifiers for PII/PHI" pages, which share one catalogue and whose per-country
tables ("Keywords for driver's license identification numbers", "... taxpayer identification
and reference numbers", "... national identification numbers", health insurance numbers) the
SNS tables point to. Lists marked ``# ours`` are where we add the usual terms in the country's
language and English. AWS matches keywords case-insensitively and treats a space, ``_`` and
``-`` alike (and the space may be missing), which the scanner applies to every list here. A
policy can widen or narrow any list (``Configuration.dataguard.keywords``, docs/keywords.md).
"""

from __future__ import annotations

# --- Credentials -----------------------------------------------------------------------------
AWS_SECRET_KEY = (  # AWS
    "aws_secret_access_key",
    "credentials",
    "secret access key",
    "secret key",
    "set-awscredential",
)

# --- Financial -------------------------------------------------------------------------------
CREDIT_CARD_EXPIRATION = ("exp d", "exp m", "exp y", "expiration", "expiry")  # AWS

CREDIT_CARD_MAGNETIC_STRIPE = ("card data", "iso7813", "mag", "magstripe", "stripe", "swipe")  # AWS

CREDIT_CARD_NUMBER = (  # AWS
    "account number",
    "american express",
    "amex",
    "bank card",
    "card",
    "card num",
    "card number",
    "cc #",
    "ccn",
    "check card",
    "credit",
    "credit card#",
    "dankort",
    "debit",
    "debit card",
    "diners club",
    "discover",
    "electron",
    "elo verification code",
    "japanese card bureau",
    "jcb",
    "mastercard",
    "mc",
    "pan",
    "payment account number",
    "payment card number",
    "pcn",
    "union pay",
    "visa",
)

CREDIT_CARD_SECURITY_CODE = (  # AWS
    "card id",
    "card identification code",
    "card identification number",
    "card security code",
    "card validation code",
    "card validation number",
    "card verification data",
    "card verification value",
    "cvc",
    "cvc2",
    "cvv",
    "cvv2",
    "elo verification code",
)

_BANK_COMMON = ("iban", "bank account", "account number", "account no", "acct", "bic", "swift")
BANK_ACCOUNT = {  # ours
    "DE": (*_BANK_COMMON, "kontonummer", "bankverbindung", "bankkonto", "iban nummer"),
    "ES": (*_BANK_COMMON, "número de cuenta", "numero de cuenta", "cuenta bancaria", "ccc"),
    "FR": (*_BANK_COMMON, "numéro de compte", "numero de compte", "compte bancaire", "rib"),
    "GB": (*_BANK_COMMON, "sort code", "bank details", "account details"),
    "IT": (*_BANK_COMMON, "numero di conto", "conto corrente", "conto bancario", "codice iban"),
    "US": (
        "bank account",
        "account number",
        "account no",
        "acct",
        "acct no",
        "checking account",
        "savings account",
        "bank acct",
        "deposit account",
        "routing",
        "aba",
    ),
}

# --- Personal --------------------------------------------------------------------------------
DATE_OF_BIRTH = (
    "dob",
    "date of birth",
    "birthdate",
    "birth date",
    "birthday",
    "b-day",
    "bday",
)  # AWS

CEP_CODE = ("cep", "código de endereçamento postal", "codigo de endereçamento postal")  # AWS
CNPJ = (  # AWS
    "cadastro nacional da pessoa jurídica",
    "cadastro nacional da pessoa juridica",
    "cnpj",
)
CPF_CODE = (  # AWS
    "cadastro de pessoas fisicas",
    "cadastro de pessoas físicas",
    "cadastro de pessoa física",
    "cadastro de pessoa fisica",
    "cpf",
)

ELECTORAL_ROLL_NUMBER = (  # AWS
    "electoral#",
    "electoral #",
    "electoralnumber",
    "electoral number",
    "electoralroll#",
    "electoral roll#",
    "electoral roll #",
    "electoral roll no.",
    "electoral roll number",
    "electoralrollno",
)

INDIVIDUAL_TAX_ID_US = (  # ours
    "itin",
    "i.t.i.n.",
    "individual taxpayer identification number",
    "taxpayer identification number",
    "taxpayer id",
    "tax id",
    "tin",
)

SSN = {  # ours
    "US": ("ssn", "ssn#", "ss#", "ssns", "social security", "social security number", "ssa number"),
    "ES": (
        "número de la seguridad social",
        "numero de la seguridad social",
        "seguridad social",
        "nss",
        "naf",
        "social security number",
        "ssn",
        "social security no.",  # AWS from here
        "socialsecurityno#",
        "ssn#",
    ),
}

ZIP_CODE_US = ("zip", "zip code", "zipcode", "zip+4", "postal code", "postcode")  # ours

# Driver's licence keywords per country: the Macie "Managed data identifiers for PII" table
# ("Keywords for driver's license identification numbers" on the SNS and CloudWatch Logs pages
# points to the same list). AWS's "führerschein • nr" is written "führerschein nr" here.
_DL_EN = (  # AWS (AU, CA, GB, US rows)
    "dl#",
    "dl:",
    "dlno#",
    "driver licence",
    "driver licences",
    "driver license",
    "driver licenses",
    "driver permit",
    "drivers lic.",
    "drivers licence",
    "driver's licence",
    "drivers licences",
    "driver's licences",
    "drivers license",
    "driver's license",
    "drivers licenses",
    "driver's licenses",
    "drivers permit",
    "driver's permit",
    "drivers permit number",
    "driving licence",
    "driving license",
    "driving permit",
)
_DL_DE = (  # AWS (Germany row)
    "fuehrerschein",
    "fuehrerschein nr",
    "fuehrerscheinnummer",
    "fuhrerschein",
    "führerschein",
    "fuhrerschein nr",
    "führerschein nr",
    "fuhrerscheinnummer",
    "führerscheinnummer",
)
DRIVERS_LICENSE = {  # AWS
    "AT": (
        "führerschein",
        "fuhrerschein",
        "führerschein republik österreich",
        "fuhrerschein republik osterreich",
    ),
    "AU": _DL_EN,
    "BE": (
        *_DL_DE,
        "numéro permis conduire",
        "permis de conduire",
        "rijbewijs",
        "rijbewijsnummer",
    ),
    "BG": (
        "превозно средство",
        "свидетелство за управление на моторно",
        "свидетелство за управление на мпс",
        "сумпс",
        "шофьорска книжка",
    ),
    "CA": (*_DL_EN, "permis de conduire"),
    "CY": ("άδεια οδήγησης",),
    "CZ": (
        "číslo licence",
        "císlo licence řidiče",
        "číslo řidičského průkazu",
        "ovladače lic.",
        "povolení k jízdě",
        "povolení řidiče",
        "řidiči povolení",
        "řidičský prúkaz",
        "řidičský průkaz",
    ),
    "DE": _DL_DE,
    "DK": ("kørekort", "kørekortnummer"),
    "EE": ("juhi litsentsi number", "juhiloa number", "juhiluba", "juhiluba number"),
    "ES": (
        "carnet conducer",
        "el carnet de conducer",
        "licencia conducer",
        "licencia de manejo",
        "número carnet conducer",
        "número de carnet de conducer",
        "número de permiso conducer",
        "número de permiso de conducer",
        "número licencia conducer",
        "número permiso conducer",
        "permiso conducción",
        "permiso conducer",
        "permiso de conducción",
    ),
    "FI": (
        "ajokortin numero",
        "ajokortti",
        "förare lic.",
        "körkort",
        "körkort nummer",
        "kuljettaja lic.",
        "permis de conduire",
    ),
    "FR": ("permis de conduire",),
    "GB": (*_DL_EN, "dvla"),  # + ours: the issuing agency
    "GR": ("δεια οδήγησης", "άδεια οδήγησης", "adeia odigisis"),
    "HR": ("vozačka dozvola",),
    "HU": (
        "illesztőprogramok lic",
        "jogosítvány",
        "jogsi",
        "licencszám",
        "vezető engedély",
        "vezetői engedély",
    ),
    "IE": ("ceadúnas tiomána",),
    "IT": ("patente di guida", "patente di guida numero", "patente guida", "patente guida numero"),
    "LT": ("vairuotojo pažymėjimas",),
    "LU": ("fahrerlaubnis", "führerschäin"),
    "LV": (
        "autovadītāja apliecība",
        "licences numurs",
        "vadītāja apliecība",
        "vadītāja apliecības numurs",
        "vadītāja atļauja",
        "vadītāja licences numurs",
        "vadītāji lic.",
    ),
    "MT": ("liċenzja tas-sewqan",),
    "NL": ("permis de conduire", "rijbewijs", "rijbewijsnummer"),
    "PL": ("numer licencyjny", "prawo jazdy", "zezwolenie na prowadzenie"),
    "PT": (
        "carta de condução",
        "carteira de habilitação",
        "carteira de motorist",
        "carteira habilitação",
        "carteira motorist",
        "licença condução",
        "licença de condução",
        "número de licença",
        "número licença",
        "permissão condução",
        "permissão de condução",
    ),
    "RO": ("numărul permisului de conducere", "permis de conducere"),
    "SE": (
        "ajokortin numero",
        "dlno# ajokortti",
        "drivere lic.",
        "förare lic.",
        "körkort",
        "körkort nummer",
        "körkortsnummer",
        "kuljettajat lic.",
    ),
    "SI": ("vozniško dovoljenje",),
    "SK": (
        "číslo licencie",
        "číslo vodičského preukazu",
        "ovládače lic.",
        "povolenia vodičov",
        "povolenie jazdu",
        "povolenie na jazdu",
        "povolenie vodiča",
        "vodičský preukaz",
    ),
    # US: AWS's list plus the abbreviations US payloads use (ours: dmv, lic#, dl number)
    "US": (*_DL_EN, "dl #", "dl number", "dls", "lic#", "driver's lic", "drivers lic", "dmv"),
}

_PASSPORT_COMMON = ("passport", "passport number", "passport no", "passport#", "passport #")
PASSPORT = {  # ours + AWS (Macie "Passport number" table: the terms after the common ones)
    "US": (*_PASSPORT_COMMON, "us passport", "passport book", "passport card", "travel document"),
    "GB": (
        *_PASSPORT_COMMON,
        "uk passport",
        "british passport",
        "passeport #",
        "passeport n °",
        "passeport non",
        "passeportn °",
        "passportid",
    ),
    "CA": (
        *_PASSPORT_COMMON,
        "passeport",
        "numéro de passeport",
        "canadian passport",
        "passeport#",
        "passportno",
        "passportno#",
    ),
    "DE": (
        *_PASSPORT_COMMON,
        "reisepass",
        "reisepassnummer",
        "passnummer",
        "pass-nr",
        "reisepass-nr",
        "passports",
    ),
    "FR": (
        *_PASSPORT_COMMON,
        "passeport",
        "numéro de passeport",
        "numero de passeport",
        "passeport #",
        "passeport n °",
        "passeport non",
    ),
    "ES": (
        *_PASSPORT_COMMON,
        "pasaporte",
        "número de pasaporte",
        "numero de pasaporte",
        "españa pasaporte",
        "libreta pasaporte",
        "número pasaporte",
        "passport book",
        "spain passport",
    ),
    "IT": (
        *_PASSPORT_COMMON,
        "passaporto",
        "numero passaporto",
        "numero di passaporto",
        "italian passport number",
        "numéro passeport",
        "numéro passeport italien",
        "passaporto italiana",
        "passaporto numero",
        "repubblica italiana passaporto",
    ),
}

NATIONAL_ID = {
    # AWS (Macie "National identification number" table); ES and IT keep our extra terms
    "ES": (
        "dni",
        "dni#",
        "dninúmero#",
        "documento nacional de identidad",
        "identidad único",
        "identidadúnico#",
        "insurance number",
        "national identification number",
        "national identity",
        "nationalid#",
        "nationalidno#",
        "número nacional identidad",
        "personal identification number",
        "personal identity no",
        "unique identity number",
        "uniqueid#",
        "número de dni",
        "numero de dni",
        "nif",
    ),
    "IT": (
        "codice fiscal",
        "codice fiscale",
        "dati anagrafici",
        "ehic",
        "health card",
        "health insurance card",
        "p. iva",
        "partita i.v.a.",
        "personal data",
        "tax code",
        "tessera sanitaria",
        "cod. fiscale",
        "cf",
        "fiscal code",
    ),
    "DE": (
        "ausweisnummer",
        "id number",
        "identification number",
        "identity number",
        "insurance number",
        "personal id",
        "personalausweis",
    ),
    "FR": (
        "assurance sociale",
        "carte nationale d'identité",
        "carte nationale d’identité",
        "cni",
        "code sécurité sociale",
        "french social security number",
        "fssn#",
        "insee",
        "insurance number",
        "national id number",
        "nationalid#",
        "numéro d'assurance",
        "sécurité sociale",
        "sécurité sociale non.",
        "sécurité sociale numéro",
        "social",
        "social security",
        "social security number",
        "socialsecuritynumber",
        "ss#",
        "ssn",
        "ssn#",
    ),
    "BR": ("registro geral", "rg"),
}
NIE_ES = ("nie", "número de identidad de extranjero", "numero de identidad de extranjero")  # ours
NIF_ES = ("nif", "número de identificación fiscal", "numero de identificacion fiscal")  # ours
TAX_ID_ES = (*NIF_ES, "cif", "tax id", "tax identification number")  # ours

NATIONAL_INSURANCE_GB = (  # ours
    "national insurance",
    "national insurance number",
    "ni number",
    "nino",
    "nin",
    "insurance no.",
    "insurance number",
    "insurance#",  # AWS from here
    "nationalinsurance#",
    "nationalinsurancenumber",
)

SOCIAL_INSURANCE_CA = (  # ours
    "sin",
    "social insurance number",
    "social insurance",
    "numéro d'assurance sociale",
    "nas",
    "canadian id",  # AWS
)

NHS_NUMBER = (
    "nhs",
    "nhs number",
    "nhs no",
    "national health service",
    "health service number",
)  # ours

PHONE = (  # ours
    "phone",
    "call",
    "call me",
    "call back",
    "callback",
    "sms",
    "text me",
    "telephone",
    "tel",
    "tel.",
    "mobile",
    "cell",
    "cellphone",
    "contact number",
    "phone number",
    "fax",
    "whatsapp",
    "telefon",
    "telefonnummer",
    "handy",
    "téléphone",
    "telephone portable",
    "portable",
    "teléfono",
    "telefono",
    "móvil",
    "movil",
    "cellulare",
    "celular",
    "fone",
)

LAT_LONG = (  # ours + AWS (coordinate, lat long, latitude longitude, position)
    "lat",
    "latitude",
    "long",
    "longitude",
    "lng",
    "lon",
    "coordinates",
    "gps",
    "location",
    "coordinate",
    "lat long",
    "latitude longitude",
    "position",
)

# Taxpayer identification and reference numbers: AWS (Macie table of the same name).
TAX_ID = {
    "DE": (
        "identifikationsnummer",
        "steuer id",
        "steueridentifikationsnummer",
        "steuernummer",
        "tax id",
        "tax identification number",
        "tax number",
    ),
    "FR": (
        "numéro d'identification fiscal",
        "tax id",
        "tax identification number",
        "tax number",
        "tin",
        "tin#",
    ),
    "GB": (
        "paye",
        "tax id",
        "tax id no.",
        "tax id number",
        "tax identification",
        "tax identification#",
        "tax no.",
        "tax number",
        "tax reference",
        "tax#",
        "taxid#",
        "temporary reference number",
        "tin",
        "trn",
        "unique tax reference",
        "unique taxpayer reference",
        "utr",
    ),
}

PERMANENT_RESIDENCE_CA = (  # AWS
    "carte résident permanent",
    "numéro carte résident permanent",
    "numéro résident permanent",
    "permanent resident card",
    "permanent resident card number",
    "permanent resident no",
    "permanent resident no.",
    "permanent resident number",
    "pr no",
    "pr no.",
    "pr non",
    "pr number",
    "résident permanent no.",
    "résident permanent non",
)

# --- Health (AWS: Macie "Managed data identifiers for PHI") ----------------------------------
HEALTH_INSURANCE_CLAIM_US = (
    "health insurance claim number",
    "hic no",
    "hic no.",
    "hic number",
    "hic#",
    "hicn",
    "hicn#.",
    "hicno#",
)
HEALTHCARE_PROCEDURE_CODE_US = (
    "current procedural terminology",
    "hcpcs",
    "healthcare common procedure coding system",
)
NATIONAL_DRUG_CODE_US = ("national drug code", "ndc")
PERSONAL_HEALTH_NUMBER_CA = (
    "canada healthcare number",
    "msp number",
    "personal healthcare number",
    "phn",
    "soins de santé",
)
HEALTH_INSURANCE_NUMBER_FR = ("carte d'assuré social", "carte vitale", "insurance card")
HEALTH_INSURANCE_CARD_EU = (
    "assicurazione sanitaria numero",
    "carta assicurazione numero",
    "carte d'assurance maladie",
    "carte d’assurance maladie",
    "carte européenne d'assurance maladie",
    "ceam",
    "ehic",
    "ehic#",
    "finlandehicnumber#",
    "gesundheitskarte",
    "hälsokort",
    "health card",
    "health card number",
    "health insurance card",
    "health insurance number",
    "insurance card number",
    "krankenversicherungskarte",
    "krankenversicherungsnummer",
    "medical account number",
    "numero conto medico",
    "numéro d'assurance maladie",
    "numéro d’assurance maladie",
    "numéro de carte d'assurance",
    "numéro de carte d’assurance",
    "numéro de compte medical",
    "número de cuenta médica",
    "número de seguro de salud",
    "número de tarjeta de seguro",
    "sairaanhoitokortin",
    "sairausvakuutuskortti",
    "sairausvakuutusnumero",
    "sjukförsäkring nummer",
    "sjukförsäkringskort",
    "suomi ehic-numero",
    "tarjeta de salud",
    "terveyskortti",
    "tessera sanitaria assicurazione numero",
    "versicherungsnummer",
)

__all__ = [
    "AWS_SECRET_KEY",
    "BANK_ACCOUNT",
    "CEP_CODE",
    "CNPJ",
    "CPF_CODE",
    "CREDIT_CARD_EXPIRATION",
    "CREDIT_CARD_MAGNETIC_STRIPE",
    "CREDIT_CARD_NUMBER",
    "CREDIT_CARD_SECURITY_CODE",
    "DATE_OF_BIRTH",
    "DRIVERS_LICENSE",
    "ELECTORAL_ROLL_NUMBER",
    "HEALTHCARE_PROCEDURE_CODE_US",
    "HEALTH_INSURANCE_CARD_EU",
    "HEALTH_INSURANCE_CLAIM_US",
    "HEALTH_INSURANCE_NUMBER_FR",
    "INDIVIDUAL_TAX_ID_US",
    "LAT_LONG",
    "NATIONAL_DRUG_CODE_US",
    "NATIONAL_ID",
    "NATIONAL_INSURANCE_GB",
    "NHS_NUMBER",
    "NIE_ES",
    "NIF_ES",
    "PASSPORT",
    "PERMANENT_RESIDENCE_CA",
    "PERSONAL_HEALTH_NUMBER_CA",
    "PHONE",
    "SOCIAL_INSURANCE_CA",
    "SSN",
    "TAX_ID",
    "TAX_ID_ES",
    "ZIP_CODE_US",
]
