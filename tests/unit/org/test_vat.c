/* Unit tests for fcgi/org/vat.c: for every prefix a real number (from the lists of numbers
 * found online in python-stdnum's tests, or the tax office's own example), that number with a
 * check digit changed and with a wrong length; the other variants each country issues;
 * prefixes, countries, normalisation and Swiss UIDs. */
#include "unit.h"

#include "../../../fcgi/org/vat.c"

static const char *const names[] = {
	[VAT_OK] = "VAT_OK",         [VAT_EMPTY] = "VAT_EMPTY",   [VAT_NOT_EU] = "VAT_NOT_EU",
	[VAT_SWISS] = "VAT_SWISS",   [VAT_PREFIX] = "VAT_PREFIX", [VAT_FORMAT] = "VAT_FORMAT",
	[VAT_CHECKSUM] = "VAT_CHECKSUM",
};

/* vat_check(country, input) must give want and, on VAT_OK, norm; out is "" otherwise. */
static void expect(const char *country, const char *input, enum vat_problem want, const char *norm)
{
	char out[VAT_MAX + 1];
	memset(out, 'x', sizeof(out));
	enum vat_problem got = vat_check(country, input, out);
	if (got != want)
		print_error("%s \"%s\": %s, expected %s\n", country ? country : "(null)",
		            input ? input : "(null)", names[got], names[want]);
	assert_int_equal(got, want);
	assert_non_null(memchr(out, '\0', sizeof(out)));
	assert_string_equal(out, want == VAT_OK ? norm : "");
}

/* One prefix: a valid number as printed, its normalised form, the same number with a check
 * digit (or, for FR, a key character) changed, and one with a digit too few or too many. */
struct prefix_case {
	const char *country;
	const char *valid;
	const char *norm;
	const char *mistyped;
	const char *misshapen;
};

static const struct prefix_case prefixes[] = {
	{"AT", "ATU 13585627", "ATU13585627", "ATU13585626", "ATU1358562"},
	{"BE", "BE 0428.759.497", "BE0428759497", "BE0428759496", "BE04287594971"},
	{"BG", "BG 175 074 752", "BG175074752", "BG175074751", "BG17507475"},
	{"CY", "CY-10259033P", "CY10259033P", "CY10259033Z", "CY1025903P"},
	{"CZ", "CZ 25123891", "CZ25123891", "CZ25123890", "CZ2512389"},
	{"DE", "DE 136 695 976", "DE136695976", "DE136695978", "DE13669597"},
	{"DK", "DK 13 58 56 28", "DK13585628", "DK13585627", "DK1358562"},
	{"EE", "EE 100 594 102", "EE100594102", "EE100594103", "EE10059410"},
	{"GR", "EL 094259216", "EL094259216", "EL094259217", "EL0942592161"},
	{"ES", "ES B-58378431", "ESB58378431", "ESB58378432", "ESB5837843"},
	{"FI", "FI 2077474-0", "FI20774740", "FI20774741", "FI2077474"},
	{"FR", "FR 40 303 265 045", "FR40303265045", "FR41303265045", "FR4030326504"},
	{"HR", "HR 33392005961", "HR33392005961", "HR33392005962", "HR3339200596"},
	{"HU", "HU-12892312", "HU12892312", "HU12892313", "HU1289231"},
	{"IE", "IE 6433435F", "IE6433435F", "IE6433435E", "IE643343F"},
	{"IT", "IT 00743110157", "IT00743110157", "IT00743110158", "IT0074311015"},
	{"LT", "LT 119511515", "LT119511515", "LT119511516", "LT11951151"},
	{"LU", "LU 150 274 42", "LU15027442", "LU15027443", "LU1502744"},
	{"LV", "LV 4000 3521 600", "LV40003521600", "LV40003521601", "LV4000352160"},
	{"MT", "MT 1167-9112", "MT11679112", "MT11679113", "MT1167911"},
	{"NL", "NL 004495445B01", "NL004495445B01", "NL004495446B01", "NL0044954450B01"},
	{"PL", "PL 856-734-62-15", "PL8567346215", "PL8567346216", "PL856734621"},
	{"PT", "PT 501 964 843", "PT501964843", "PT501964842", "PT50196484"},
	{"RO", "RO 185 472 90", "RO18547290", "RO18547291", "RO12345678901"},
	{"SE", "SE 556058115801", "SE556058115801", "SE556058115901", "SE55605811580"},
	{"SI", "SI 5022 3054", "SI50223054", "SI50223055", "SI5022305"},
	{"SK", "SK 2022193459", "SK2022193459", "SK2022193458", "SK202219345"},
	{"GB", "XI 980 7806 84", "XI980780684", "XI980780685", "XI98078068"},
};

#define NPREFIXES (sizeof(prefixes) / sizeof(prefixes[0]))

static void test_every_prefix(void **state)
{
	(void)state;
	assert_int_equal(NPREFIXES, 28);
	for (size_t i = 0; i < NPREFIXES; i++) {
		const struct prefix_case *c = &prefixes[i];
		expect(c->country, c->valid, VAT_OK, c->norm);
		/* The prefix is optional. */
		expect(c->country, c->norm + 2, VAT_OK, c->norm);
		expect(c->country, c->mistyped, VAT_CHECKSUM, NULL);
		expect(c->country, c->misshapen, VAT_FORMAT, NULL);
		assert_non_null(vat_prefix(c->country));
		assert_memory_equal(vat_prefix(c->country), c->norm, 2);
	}
}

/* The other forms each country issues, valid as found in print. */
static void test_variants(void **state)
{
	static const char *const ok[][3] = {
		{"BE", "BE 428.759.497", "BE0428759497"},    /* 9 digits, before 2005 */
		{"BG", "BG 7523169263", "BG7523169263"},     /* EGN, born 1975 */
		{"BG", "BG 7542011030", "BG7542011030"},     /* EGN, born 2075: month + 40 */
		{"BG", "BG 7111042925", "BG7111042925"},     /* LNCh, a foreigner */
		{"BG", "BG 131 272 009", "BG131272009"},     /* needs the second weights */
		{"BG", "BG 1234567892", "BG1234567892"},     /* constructed: neither EGN nor LNCh */
		{"CY", "CY 00632993 F", "CY00632993F"},
		{"CZ", "CZ 7103192745", "CZ7103192745"},     /* birth number */
		{"CZ", "CZ 736028/5163", "CZ7360285163"},    /* a woman's: month + 50 */
		{"CZ", "CZ 640903926", "CZ640903926"},       /* 9 digits starting 6 */
		{"CZ", "CZ 991231123", "CZ991231123"},       /* 9-digit birth number, 1899 */
		{"CZ", "CZ 450 33 145", "CZ45033145"},
		{"ES", "ES 54362315K", "ES54362315K"},       /* DNI */
		{"ES", "ES X-5253868-R", "ESX5253868R"},     /* NIE */
		{"ES", "ES Y5277343F", "ESY5277343F"},
		{"ES", "ES Z5277343K", "ESZ5277343K"},
		{"ES", "ES L1111111G", "ESL1111111G"},       /* L: Spaniard abroad without DNI */
		{"ES", "ES M-1234567-L", "ESM1234567L"},
		{"ES", "ES Q-2818015-F", "ESQ2818015F"},     /* CIF with a control letter */
		{"ES", "ES A-28184661", "ESA28184661"},      /* CIF with a control digit */
		{"FR", "FR K 7399859412", "FRK7399859412"},  /* new-style key, a letter first */
		{"FR", "4Z123456782", "FR4Z123456782"},      /* new-style key, a digit first */
		{"FR", "FR 16000063601", "FR16000063601"},   /* Monaco: SIREN 000..., no Luhn */
		{"FR", "K7399859412", "FRK7399859412"},
		{"GR", "EL 94051189", "EL094051189"},        /* 8 digits, before 1998 */
		{"IE", "IE 8D79739I", "IE8D79739I"},         /* old style */
		{"IE", "IE 9Y71814N", "IE9Y71814N"},
		{"IE", "IE 8+79739I", "IE8+79739I"},         /* old style, with + */
		{"IE", "IE 6433435IH", "IE6433435IH"},       /* 2013 style, second letter */
		{"IE", "IE6433435OA", "IE6433435OA"},
		{"IT", "IT 00 595 000 217", "IT00595000217"},
		{"LT", "LT 100001919017", "LT100001919017"}, /* temporarily registered */
		{"LT", "LT 100004801610", "LT100004801610"}, /* needs the second weights */
		{"LV", "LV 161175-19997", "LV16117519997"},  /* personas kods */
		{"LV", "LV 325035-11782", "LV32503511782"},  /* personas kods since 2017 */
		{"LV", "LV 90000528023", "LV90000528023"},
		{"NL", "NL 4495445B01", "NL004495445B01"},   /* leading zeros dropped */
		{"NL", "NL.8186.43.778.B.01", "NL818643778B01"},
		{"NL", "NL000099998B57", "NL000099998B57"},  /* 2020+, MOD 97 (Belastingdienst) */
		{"NL", "NL001452330B47", "NL001452330B47"},
		{"RO", "RO 573768", "RO573768"},
		{"RO", "RO 1822964", "RO1822964"},
		{"SE", "SE 556 792 355 101", "SE556792355101"},
		{"GB", "XI 242338087388", "XI242338087388"}, /* branch trader */
		{"GB", "XI 100 1950 75", "XI100195075"},     /* a "9755" number */
		{"GB", "XI 002 4257 28", "XI002425728"},     /* below 100: mod 97 only */
		{"GB", "GD100", "XIGD100"},                  /* government department */
		{"GB", "XI HA501", "XIHA501"},               /* health authority */
		{"GB", "XIGD888810003", "XIGD888810003"},
		{"GB", "HA888856782", "XIHA888856782"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		expect(ok[i][0], ok[i][1], VAT_OK, ok[i][2]);
}

/* Variants that must be refused, and why. */
static void test_variant_errors(void **state)
{
	static const struct {
		const char *country, *input;
		enum vat_problem want;
	} bad[] = {
		{"BG", "BG 7523169264", VAT_CHECKSUM},  /* EGN, check digit changed */
		{"BG", "BG 7111042922", VAT_CHECKSUM},  /* LNCh, check digit changed */
		{"BG", "BG 10X8735941", VAT_FORMAT},
		{"CY", "CY 12259033P", VAT_FORMAT},     /* 12 is not issued */
		{"CY", "CY 102590Z3P", VAT_FORMAT},
		{"CZ", "CZ 7103192746", VAT_CHECKSUM},
		{"CZ", "CZ 1103492745", VAT_FORMAT},    /* day 49 */
		{"CZ", "CZ 590312/123", VAT_FORMAT},    /* 9-digit birth number after 1953 */
		{"CZ", "CZ 640913926", VAT_CHECKSUM},
		{"CZ", "CZ 95123891", VAT_FORMAT},      /* legal entities never start 9 */
		{"CZ", "CZ 2512389A", VAT_FORMAT},
		{"DE", "DE 011125440", VAT_FORMAT},     /* never starts 0 */
		{"DE", "DE 246X595 415", VAT_FORMAT},
		{"ES", "ES 54362315Z", VAT_CHECKSUM},
		{"ES", "ES X-2482300A", VAT_CHECKSUM},
		{"ES", "ES L1111111C", VAT_CHECKSUM},
		{"ES", "ES J99216583", VAT_CHECKSUM},
		{"ES", "ES O-1234567-L", VAT_FORMAT},   /* O is no entity type */
		{"ES", "ES 543623151", VAT_FORMAT},     /* a DNI ends in a letter */
		{"ES", "ES X52538681", VAT_FORMAT},     /* so does a NIE */
		{"ES", "ES L11111111", VAT_FORMAT},
		{"ES", "ES A2818466+", VAT_FORMAT},
		{"FR", "FR K 7399859312", VAT_CHECKSUM},
		{"FR", "FR L 7399859412", VAT_CHECKSUM},
		{"FR", "IO334175221", VAT_FORMAT},      /* keys have no I or O */
		{"FR", "FR 84 323 140 391", VAT_CHECKSUM}, /* the SIREN's own Luhn digit */
		{"IE", "IE 8D79729I", VAT_CHECKSUM},
		{"IE", "IE 6433435IA", VAT_CHECKSUM},   /* the second letter counts */
		{"IE", "IE 111222333", VAT_FORMAT},
		{"IE", "IE 1234567ABC", VAT_FORMAT},
		{"IE", "IE 4550C59S", VAT_FORMAT},
		{"IE", "IE 6433435FZ", VAT_FORMAT},     /* Z is not in the check alphabet */
		{"IE", "IE 6433435F1", VAT_FORMAT},
		{"IT", "IT 00687129980", VAT_FORMAT},   /* tax office 998 does not exist */
		{"IT", "IT 00000000000", VAT_FORMAT},
		{"LT", "LT 100001919018", VAT_CHECKSUM},
		{"LT", "LT 100001509922", VAT_FORMAT},  /* 11th digit must be 1 */
		{"LT", "LT 11951151A", VAT_FORMAT},
		{"LV", "LV 161375-19997", VAT_FORMAT},  /* month 13 */
		{"LV", "LV 161175-19998", VAT_CHECKSUM},
		{"LV", "LV 161175-39997", VAT_FORMAT},  /* century digit 3 */
		{"NL", "NL 001241643801", VAT_FORMAT},  /* no B */
		{"NL", "NL 009122746B00", VAT_FORMAT},  /* unit 00 */
		{"NL", "NL B06753742B01", VAT_FORMAT},
		{"NL", "NL123456789B90", VAT_CHECKSUM},
		{"PT", "PT 001964843", VAT_FORMAT},
		{"RO", "RO 0573768", VAT_FORMAT},
		{"RO", "RO 1630615123457", VAT_FORMAT}, /* a CNP, not a VAT number */
		{"SE", "SE 556058115895", VAT_FORMAT},  /* units go to 94 */
		{"SE", "SE 556058115800", VAT_FORMAT},
		{"SI", "SI 10000100", VAT_CHECKSUM},    /* constructed: the check would be 11 */
		{"SK", "SK 2010 237 945", VAT_FORMAT},  /* third digit 1 */
		{"SK", "SK 012 274 96 19", VAT_FORMAT},
		{"GB", "XI 802311781", VAT_CHECKSUM},
		{"GB", "XI 001234567", VAT_CHECKSUM},   /* below 100, remainder 42 is not enough */
		{"GB", "XI 9807806B4", VAT_FORMAT},
		{"GB", "XIGD600", VAT_FORMAT},          /* departments are below 500 */
		{"GB", "XIHA201", VAT_FORMAT},          /* health authorities from 500 */
		{"GB", "XIZZ100", VAT_FORMAT},
		{"GB", "XIHA888856700", VAT_CHECKSUM},
		{"GB", "XIGD8888567B2", VAT_FORMAT},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect(bad[i].country, bad[i].input, bad[i].want, NULL);
}

static void test_prefix_mismatch(void **state)
{
	(void)state;
	expect("DE", "ATU13585627", VAT_PREFIX, NULL);
	expect("AT", "DE136695976", VAT_PREFIX, NULL);
	expect("DE", "EL094259216", VAT_PREFIX, NULL);
	expect("DE", "GR094259216", VAT_PREFIX, NULL);
	expect("IE", "XI980780684", VAT_PREFIX, NULL);
	/* France's keys may be letters, but a valid German number is still German. */
	expect("FR", "DE136695976", VAT_PREFIX, NULL);
	/* Two letters that are no VAT prefix: a typo, not another country. */
	expect("DE", "ZZ136695976", VAT_FORMAT, NULL);
	expect("DE", "CHE116281710", VAT_FORMAT, NULL);
	/* Except in France, where they may be the key, and then the key is wrong. */
	expect("FR", "ZZ303265045", VAT_CHECKSUM, NULL);
	expect("FR", "OZ303265045", VAT_FORMAT, NULL);
}

static void test_greece(void **state)
{
	(void)state;
	assert_string_equal(vat_prefix("GR"), "EL");
	expect("GR", "GR 094259216", VAT_OK, "EL094259216");
	expect("GR", "gr094259216", VAT_OK, "EL094259216");
	expect("GR", "EL094259216", VAT_OK, "EL094259216");
	expect("GR", "094 259 216", VAT_OK, "EL094259216");
	expect("GR", "GR 094259217", VAT_CHECKSUM, NULL);
}

static void test_northern_ireland(void **state)
{
	(void)state;
	assert_string_equal(vat_prefix("GB"), "XI");
	expect("GB", "980 7806 84", VAT_OK, "XI980780684");
	expect("GB", "xi980780684", VAT_OK, "XI980780684");
	/* A GB number is a UK number, not an EU one: it needs the XI prefix. */
	expect("GB", "GB980780684", VAT_PREFIX, NULL);
	expect("DE", "GB980780684", VAT_PREFIX, NULL);
}

static void test_countries(void **state)
{
	static const char *const eu[] = {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI",
	                                 "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT",
	                                 "NL", "PL", "PT", "RO", "SE", "SI", "SK", "GB"};
	(void)state;
	for (size_t i = 0; i < sizeof(eu) / sizeof(eu[0]); i++) {
		const char *p = vat_prefix(eu[i]);
		assert_non_null(p);
		if (strcmp(eu[i], "GR") != 0 && strcmp(eu[i], "GB") != 0)
			assert_string_equal(p, eu[i]);
	}
	assert_string_equal(vat_prefix("de"), "DE");
	assert_null(vat_prefix("US"));
	assert_null(vat_prefix("CH"));
	assert_null(vat_prefix("NO"));
	assert_null(vat_prefix("EL")); /* a prefix, not a country */
	assert_null(vat_prefix("XI"));
	assert_null(vat_prefix("DEU"));
	assert_null(vat_prefix("D1"));
	assert_null(vat_prefix(""));
	assert_null(vat_prefix(NULL));

	/* The country is looked at first: whatever was typed. */
	expect("CH", "CHE-116.281.710 MWST", VAT_SWISS, NULL);
	expect("CH", "DE136695976", VAT_SWISS, NULL);
	expect("ch", "", VAT_SWISS, NULL);
	expect("US", "DE136695976", VAT_NOT_EU, NULL);
	expect("US", "ZZ12345", VAT_NOT_EU, NULL);
	expect("US", "", VAT_NOT_EU, NULL);
	expect("NO", "NO123456789MVA", VAT_NOT_EU, NULL);
	expect(NULL, "DE136695976", VAT_NOT_EU, NULL);
	expect("", "DE136695976", VAT_NOT_EU, NULL);
	expect("de", "DE136695976", VAT_OK, "DE136695976");
}

static void test_empty(void **state)
{
	(void)state;
	expect("DE", "", VAT_EMPTY, NULL);
	expect("DE", NULL, VAT_EMPTY, NULL);
	expect("DE", "  . - ", VAT_EMPTY, NULL);
	/* A prefix alone is no number. */
	expect("DE", "DE", VAT_FORMAT, NULL);
	expect("DE", "D", VAT_FORMAT, NULL);
}

static void test_normalisation(void **state)
{
	(void)state;
	expect("DE", "de 136.695.976", VAT_OK, "DE136695976");
	expect("DE", "  DE-136 695 976\t", VAT_OK, "DE136695976");
	expect("DE", "DE\xc2\xa0" "136695976", VAT_OK, "DE136695976"); /* no-break space */
	expect("AT", "atu 135 856 27", VAT_OK, "ATU13585627");
	expect("NL", "nl 4495445 b01", VAT_OK, "NL004495445B01");
	expect("CZ", "CZ 640229/4448", VAT_OK, "CZ6402294448");
	expect("DK", "DK: 13 58 56 28", VAT_OK, "DK13585628");
	expect("ES", "es-x-2482300w", VAT_OK, "ESX2482300W");
	expect("IE", "ie 8223200u", VAT_OK, "IE8223200U");
	/* Anything else is refused, not skipped. */
	expect("DE", "DE136695976!", VAT_FORMAT, NULL);
	expect("DE", "DE 136_695_976", VAT_FORMAT, NULL);
	expect("DE", "DE136695976\xe2\x82\xac", VAT_FORMAT, NULL);
	expect("DE", "DE+136695976", VAT_FORMAT, NULL);
	expect("DE", "DE1366959761366959761366959761", VAT_FORMAT, NULL);
	expect("DE", "136695976136695", VAT_FORMAT, NULL);
	expect("IE", "IE 8?79739J", VAT_FORMAT, NULL);
}

static void test_problem_keys(void **state)
{
	(void)state;
	assert_null(vat_problem_key(VAT_OK));
	assert_string_equal(vat_problem_key(VAT_EMPTY), "vat.empty");
	assert_string_equal(vat_problem_key(VAT_NOT_EU), "vat.not_eu");
	assert_string_equal(vat_problem_key(VAT_SWISS), "vat.swiss");
	assert_string_equal(vat_problem_key(VAT_PREFIX), "vat.prefix");
	assert_string_equal(vat_problem_key(VAT_FORMAT), "vat.format");
	assert_string_equal(vat_problem_key(VAT_CHECKSUM), "vat.checksum");
	assert_null(vat_problem_key((enum vat_problem)99));
}

/* vat_uid_check(input) must give want and, on VAT_OK, norm; out is "" otherwise. */
static void expect_uid(const char *input, enum vat_problem want, const char *norm)
{
	char out[VAT_MAX + 8];
	memset(out, 'x', sizeof(out));
	enum vat_problem got = vat_uid_check(input, out);
	if (got != want)
		print_error("UID \"%s\": %s, expected %s\n", input ? input : "(null)", names[got],
		            names[want]);
	assert_int_equal(got, want);
	assert_non_null(memchr(out, '\0', sizeof(out)));
	assert_string_equal(out, want == VAT_OK ? norm : "");
}

static void test_swiss_uid(void **state)
{
	(void)state;
	/* 1·5 + 1·4 + 6·3 + 2·2 + 8·7 + 1·6 + 7·5 + 1·4 = 132 = 12·11: remainder 0, check 0. */
	expect_uid("CHE-116.281.710 MWST", VAT_OK, "CHE-116.281.710 MWST");
	expect_uid("che 116 281 710 mwst", VAT_OK, "CHE-116.281.710 MWST");
	expect_uid("CHE116281710", VAT_OK, "CHE-116.281.710");
	expect_uid("116.281.710", VAT_OK, "CHE-116.281.710");
	expect_uid("CHE-107.787.577 IVA", VAT_OK, "CHE-107.787.577 IVA");
	expect_uid("CHE-110.576.236 TVA", VAT_OK, "CHE-110.576.236 TVA");
	expect_uid("CHE-100.155.212 vat", VAT_OK, "CHE-100.155.212 VAT");
	expect_uid("CHE-116.281.711 MWST", VAT_CHECKSUM, NULL);
	expect_uid("CHE-100.155.213", VAT_CHECKSUM, NULL);
	/* 3·4 = 12, remainder 1: the check would be 10, which is never issued. */
	expect_uid("CHE-000.000.030", VAT_CHECKSUM, NULL);
	expect_uid("CHE-000.000.039", VAT_CHECKSUM, NULL);
	expect_uid("CHE-116.281.71", VAT_FORMAT, NULL);
	expect_uid("CHE-116.281.7100", VAT_FORMAT, NULL);
	expect_uid("CHE-116.281.710 ZZZ", VAT_FORMAT, NULL);
	expect_uid("ZZZ-116.281.710 MWST", VAT_FORMAT, NULL);
	expect_uid("CHE-116.281.710 MWST!", VAT_FORMAT, NULL);
	expect_uid("", VAT_EMPTY, NULL);
	expect_uid(NULL, VAT_EMPTY, NULL);
	expect_uid(" - ", VAT_EMPTY, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_prefix),  cmocka_unit_test(test_variants),
		cmocka_unit_test(test_variant_errors), cmocka_unit_test(test_prefix_mismatch),
		cmocka_unit_test(test_greece),        cmocka_unit_test(test_northern_ireland),
		cmocka_unit_test(test_countries),     cmocka_unit_test(test_empty),
		cmocka_unit_test(test_normalisation), cmocka_unit_test(test_problem_keys),
		cmocka_unit_test(test_swiss_uid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
