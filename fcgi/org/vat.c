/*
 * EU VAT identification numbers (27 member states and Northern Ireland) and Swiss UIDs:
 * format and check digits, by each country's published scheme. The schemes are those the
 * tax administrations describe and the Commission's VIES pages summarise; python-stdnum's
 * modules (stdnum/<cc>/...) collect them with sources, and its test lists of numbers found
 * online are what the unit tests use. A number that passes here may still be unregistered:
 * only VIES knows that. What this catches is the typo, before anything is stored or sent.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "vat.h"

#define NAT_MAX (VAT_MAX - 2) /* longest national part, prefix stripped */

/* The national part of a number, which a country's check may pad in place. */
struct nat {
	char s[NAT_MAX + 1]; /* upper case, no separators, NUL-terminated */
	size_t len;          /* strlen(s) */
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int dig(char c)
{
	return c - '0';
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

/* The value of n digits (n <= 19). */
static unsigned long long num(const char *s, size_t n)
{
	unsigned long long v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (unsigned)dig(s[i]);
	return v;
}

/* The sum of n digits each times its weight. */
static int weighted(const char *s, const int *w, size_t n)
{
	int sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += w[i] * dig(s[i]);
	return sum;
}

/* x mod m in 0..m-1 for negative x too (C's % keeps the sign). */
static int mod(int x, int m)
{
	return (x % m + m) % m;
}

/* The Luhn sum of n digits (ISO/IEC 7812-1): every second digit from the right doubled, its
 * digits added. With double_rightmost the rightmost is doubled too, which is what a
 * sequence looks like before its check digit is appended. */
static int luhn_sum(const char *s, size_t n, bool double_rightmost)
{
	int sum = 0;
	for (size_t i = 0; i < n; i++) {
		int d = dig(s[n - 1 - i]);
		if ((i % 2 == 0) == double_rightmost) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return sum;
}

/* ISO 7064 MOD 11,10 (a hybrid system: modulus 10 for the digits, 11 for the carry): true
 * when the n digits, check digit last, are consistent. */
static bool iso7064_11_10(const char *s, size_t n)
{
	int p = 10;
	for (size_t i = 0; i + 1 < n; i++) {
		int t = (p + dig(s[i])) % 10;
		p = (t == 0 ? 10 : t) * 2 % 11;
	}
	return (p + dig(s[n - 1])) % 10 == 1;
}

/* True for a calendar date (proleptic Gregorian). */
static bool valid_date(int y, int m, int d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || d < 1)
		return false;
	int max = mdays[m - 1];
	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		max = 29;
	return d <= max;
}

/* Prepends zeros up to len digits: the old, shorter forms some countries still see typed. */
static void pad(struct nat *n, size_t len)
{
	size_t k = len - n->len;
	memmove(n->s + k, n->s, n->len + 1);
	memset(n->s, '0', k);
	n->len = len;
}

static enum vat_problem ok_if(bool cond)
{
	return cond ? VAT_OK : VAT_CHECKSUM;
}

/* AT: "U" + 8 digits. The BMF's rule: weights 1 2 1 2 1 2 1 on digits 2..8 with the digits
 * of the products added (Luhn's doubling), check = (10 - (sum + 4) mod 10) mod 10. */
static enum vat_problem check_at(struct nat *n)
{
	if (n->len != 9 || n->s[0] != 'U' || !all_digits(n->s + 1, 8))
		return VAT_FORMAT;
	return ok_if(mod(6 - luhn_sum(n->s + 1, 7, false), 10) == dig(n->s[8]));
}

/* BE: the enterprise number, 10 digits starting 0 or 1 (the 1 range follows when the 0 range
 * is used up); the last two are 97 - (first eight mod 97). The old VAT number had 9 digits:
 * typed that way, it gets its leading 0 back. */
static enum vat_problem check_be(struct nat *n)
{
	if (n->len == 9 && all_digits(n->s, 9))
		pad(n, 10);
	if (n->len != 10 || !all_digits(n->s, 10) || (n->s[0] != '0' && n->s[0] != '1'))
		return VAT_FORMAT;
	return ok_if(97 - num(n->s, 8) % 97 == num(n->s + 8, 2));
}

/* BG, 10 digits, natural persons: the EGN (civil number) with its birth date (month + 20
 * for the 1800s, + 40 for the 2000s) and weights 2 4 8 5 10 9 7 3 6, mod 11, 10 -> 0. */
static bool bg_egn(const char *s)
{
	static const int w[9] = {2, 4, 8, 5, 10, 9, 7, 3, 6};
	int y = 1900 + (int)num(s, 2), m = (int)num(s + 2, 2), d = (int)num(s + 4, 2);
	if (m > 40) {
		y += 100;
		m -= 40;
	} else if (m > 20) {
		y -= 100;
		m -= 20;
	}
	return valid_date(y, m, d) && weighted(s, w, 9) % 11 % 10 == dig(s[9]);
}

/* BG, 10 digits, foreigners: the LNCh (personal number of a foreigner), weights
 * 21 19 17 13 11 9 7 3 1, mod 10. */
static bool bg_lnch(const char *s)
{
	static const int w[9] = {21, 19, 17, 13, 11, 9, 7, 3, 1};
	return weighted(s, w, 9) % 10 == dig(s[9]);
}

/* BG, 10 digits, others (neither EGN nor LNCh): weights 4 3 2 7 6 5 4 3 2, check = 11 - sum
 * mod 11, where 10 cannot occur in an issued number. */
static bool bg_other(const char *s)
{
	static const int w[9] = {4, 3, 2, 7, 6, 5, 4, 3, 2};
	int c = mod(11 - weighted(s, w, 9), 11);
	return c < 10 && c == dig(s[9]);
}

/* BG: 9 digits (legal entities, the BULSTAT/UIC) or 10 (natural persons, three schemes that
 * the number alone cannot tell apart, so any one matching is enough). The UIC check uses
 * weights 1..8 mod 11, and when that gives 10, weights 3..10; a second 10 becomes 0. */
static enum vat_problem check_bg(struct nat *n)
{
	if (!all_digits(n->s, n->len))
		return VAT_FORMAT;
	if (n->len == 10)
		return ok_if(bg_egn(n->s) || bg_lnch(n->s) || bg_other(n->s));
	if (n->len != 9)
		return VAT_FORMAT;
	static const int w1[8] = {1, 2, 3, 4, 5, 6, 7, 8}, w2[8] = {3, 4, 5, 6, 7, 8, 9, 10};
	int c = weighted(n->s, w1, 8) % 11;
	if (c == 10)
		c = weighted(n->s, w2, 8) % 11;
	return ok_if(c % 10 == dig(n->s[8]));
}

/* CY: 8 digits and a check letter; numbers starting 12 are not issued. The digits in odd
 * positions are first mapped 0..9 -> 1 0 5 7 9 13 15 17 19 21 (the same table as the odd
 * positions of the Italian codice fiscale); letter = A + sum mod 26. */
static enum vat_problem check_cy(struct nat *n)
{
	static const int odd[10] = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21};
	if (n->len != 9 || !all_digits(n->s, 8) || !is_upper(n->s[8]))
		return VAT_FORMAT;
	if (n->s[0] == '1' && n->s[1] == '2')
		return VAT_FORMAT;
	int sum = 0;
	for (size_t i = 0; i < 8; i++)
		sum += i % 2 == 0 ? odd[dig(n->s[i])] : dig(n->s[i]);
	return ok_if(n->s[8] == 'A' + sum % 26);
}

/* CZ, individuals: the rodné číslo (birth number), yymmdd + serial. Women have 50 added to
 * the month, and since 2004 20 more when a day's serials run out. 9 digits (no check digit)
 * were issued until 1953; 10-digit ones are divisible by 11, except that a remainder of 10
 * on the first nine gives check digit 0. */
static enum vat_problem cz_birth_number(const char *s, size_t len)
{
	int y = 1900 + (int)num(s, 2), m = (int)num(s + 2, 2) % 50 % 20, d = (int)num(s + 4, 2);
	if (len == 9) {
		if (y >= 1980)
			y -= 100;
		if (y > 1953)
			return VAT_FORMAT;
	} else if (y < 1954) {
		y += 100;
	}
	if (!valid_date(y, m, d))
		return VAT_FORMAT;
	return len == 9 ? VAT_OK : ok_if(num(s, 9) % 11 % 10 == (unsigned)dig(s[9]));
}

/* CZ: 8 digits for legal entities (the IČO: weights 8..2, check = 11 - sum mod 11 with 10 ->
 * 0 and 11 -> 1; never starting 9), 9 digits starting 6 for individuals without a birth
 * number (the same sum over digits 2..8, check = 8 - (10 - sum mod 11) mod 11, mod 10),
 * otherwise 9 or 10 digits of a birth number. */
static enum vat_problem check_cz(struct nat *n)
{
	static const int w[7] = {8, 7, 6, 5, 4, 3, 2};
	if (!all_digits(n->s, n->len))
		return VAT_FORMAT;
	if (n->len == 8) {
		if (n->s[0] == '9')
			return VAT_FORMAT;
		int c = mod(11 - weighted(n->s, w, 7), 11);
		if (c == 0)
			c = 1;
		return ok_if(c % 10 == dig(n->s[7]));
	}
	if (n->len == 9 && n->s[0] == '6') {
		int r = weighted(n->s + 1, w, 7) % 11;
		return ok_if(mod(8 - (10 - r) % 11, 10) == dig(n->s[8]));
	}
	if (n->len == 9 || n->len == 10)
		return cz_birth_number(n->s, n->len);
	return VAT_FORMAT;
}

/* DE: 9 digits, not starting 0, ISO 7064 MOD 11,10 (BZSt). */
static enum vat_problem check_de(struct nat *n)
{
	if (n->len != 9 || !all_digits(n->s, 9) || n->s[0] == '0')
		return VAT_FORMAT;
	return ok_if(iso7064_11_10(n->s, 9));
}

/* DK: the CVR number, 8 digits not starting 0, weights 2 7 6 5 4 3 2 1, sum divisible by 11. */
static enum vat_problem check_dk(struct nat *n)
{
	static const int w[8] = {2, 7, 6, 5, 4, 3, 2, 1};
	if (n->len != 8 || !all_digits(n->s, 8) || n->s[0] == '0')
		return VAT_FORMAT;
	return ok_if(weighted(n->s, w, 8) % 11 == 0);
}

/* EE: the KMKR number, 9 digits, weights 3 7 1 repeated, sum divisible by 10. */
static enum vat_problem check_ee(struct nat *n)
{
	static const int w[9] = {3, 7, 1, 3, 7, 1, 3, 7, 1};
	if (n->len != 9 || !all_digits(n->s, 9))
		return VAT_FORMAT;
	return ok_if(weighted(n->s, w, 9) % 10 == 0);
}

/* EL (Greece): the AFM, 9 digits (old ones had 8: typed that way, they get their leading 0
 * back); check = sum of digit i times 2^(9-i), mod 11, 10 -> 0. */
static enum vat_problem check_el(struct nat *n)
{
	if (n->len == 8 && all_digits(n->s, 8))
		pad(n, 9);
	if (n->len != 9 || !all_digits(n->s, 9))
		return VAT_FORMAT;
	int sum = 0;
	for (size_t i = 0; i < 8; i++)
		sum = sum * 2 + dig(n->s[i]);
	return ok_if(sum * 2 % 11 % 10 == dig(n->s[8]));
}

/* ES: the NIF, 9 characters, by its first:
 *   digit   DNI (Spanish citizens): 8 digits + letter of the number mod 23;
 *   X Y Z   NIE (foreigners): the letter counts as 0 1 2, then as a DNI;
 *   K L M   Spaniards under 14 or abroad, foreigners without NIE: letter of the 7 digits;
 *   A..W    CIF (entities; not I O T X Y Z K L M): the Luhn check digit of the 7 digits,
 *           written as that digit or as the letter J A B C ... I. Which entity types use
 *           which form is stated differently by different AEAT documents, so both pass. */
static enum vat_problem check_es(struct nat *n)
{
	static const char dni[] = "TRWAGMYFPDXBNJZSQVHLCKE";
	const char *s = n->s;
	if (n->len != 9 || !all_digits(s + 1, 7))
		return VAT_FORMAT;
	if (is_digit(s[0])) {
		if (!is_upper(s[8]))
			return VAT_FORMAT;
		return ok_if(s[8] == dni[num(s, 8) % 23]);
	}
	if (s[0] == 'X' || s[0] == 'Y' || s[0] == 'Z') {
		if (!is_upper(s[8]))
			return VAT_FORMAT;
		unsigned long long v = (unsigned long long)(s[0] - 'X') * 10000000 + num(s + 1, 7);
		return ok_if(s[8] == dni[v % 23]);
	}
	if (s[0] == 'K' || s[0] == 'L' || s[0] == 'M') {
		if (!is_upper(s[8]))
			return VAT_FORMAT;
		return ok_if(s[8] == dni[num(s + 1, 7) % 23]);
	}
	if (strchr("ABCDEFGHJNPQRSUVW", s[0]) == NULL)
		return VAT_FORMAT;
	if (!is_digit(s[8]) && !is_upper(s[8]))
		return VAT_FORMAT;
	int c = mod(-luhn_sum(s + 1, 7, true), 10);
	return ok_if(s[8] == '0' + c || s[8] == "JABCDEFGHI"[c]);
}

/* FI: the Y-tunnus, 8 digits, weights 7 9 10 5 8 4 2 1, sum divisible by 11. */
static enum vat_problem check_fi(struct nat *n)
{
	static const int w[8] = {7, 9, 10, 5, 8, 4, 2, 1};
	if (n->len != 8 || !all_digits(n->s, 8))
		return VAT_FORMAT;
	return ok_if(weighted(n->s, w, 8) % 11 == 0);
}

/* FR: a two-character key and the 9-digit SIREN, which carries its own Luhn digit (except
 * Monaco's numbers, SIREN 000...). The old numeric key is (12 + 3 * (SIREN mod 97)) mod 97,
 * i.e. SIREN·100 + 12 mod 97. The new key has at least one letter (from the alphabet below:
 * no I or O, presumably as they read as 1 and 0). It is read as one number, S = c1·24 + c2 - 10
 * when c1 is a digit, else S = c1·34 + c2 - 100 (so the two kinds do not overlap), and
 * (SIREN + S / 11 + 1) mod 11 must be S mod 11: the rule as python-stdnum has it. */
static enum vat_problem check_fr(struct nat *n)
{
	static const char alpha[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	const char *s = n->s, *siren = n->s + 2;
	if (n->len != 11 || !all_digits(siren, 9))
		return VAT_FORMAT;
	const char *c1 = strchr(alpha, s[0]), *c2 = strchr(alpha, s[1]);
	if (c1 == NULL || c2 == NULL)
		return VAT_FORMAT;
	if (memcmp(siren, "000", 3) != 0 && luhn_sum(siren, 9, false) % 10 != 0)
		return VAT_CHECKSUM;
	unsigned long long v = num(siren, 9);
	if (is_digit(s[0]) && is_digit(s[1]))
		return ok_if(num(s, 2) == (v * 100 + 12) % 97);
	int i1 = (int)(c1 - alpha), i2 = (int)(c2 - alpha);
	int k = is_digit(s[0]) ? i1 * 24 + i2 - 10 : i1 * 34 + i2 - 100;
	return ok_if((v + (unsigned)(k / 11) + 1) % 11 == (unsigned)(k % 11));
}

/* HR: the OIB, 11 digits, ISO 7064 MOD 11,10. */
static enum vat_problem check_hr(struct nat *n)
{
	if (n->len != 11 || !all_digits(n->s, 11))
		return VAT_FORMAT;
	return ok_if(iso7064_11_10(n->s, 11));
}

/* HU: the first 8 digits of the adószám, weights 9 7 3 1 repeated, sum divisible by 10. */
static enum vat_problem check_hu(struct nat *n)
{
	static const int w[8] = {9, 7, 3, 1, 9, 7, 3, 1};
	if (n->len != 8 || !all_digits(n->s, 8))
		return VAT_FORMAT;
	return ok_if(weighted(n->s, w, 8) % 10 == 0);
}

/* IE: Revenue's check letter over 7 digits, weights 8..2, plus 9 times the value of a second
 * letter when there is one, mod 23 into W A B ... V. Forms: 7 digits + letter; since 2013 7
 * digits + letter + letter (A, H, ...: the second letter takes part in the sum); and the old
 * form digit, letter or + or *, 5 digits, letter, which is checked as its new-form
 * equivalent, 0 + the 5 digits + the first digit. */
static enum vat_problem check_ie(struct nat *n)
{
	static const int w[7] = {8, 7, 6, 5, 4, 3, 2};
	static const char alpha[] = "WABCDEFGHIJKLMNOPQRSTUV";
	const char *s = n->s;
	char seven[7];
	int extra = 0;

	if (n->len < 8 || n->len > 9 || !is_upper(s[7]) || strchr(alpha, s[7]) == NULL)
		return VAT_FORMAT;
	if (all_digits(s, 7)) {
		memcpy(seven, s, 7);
		if (n->len == 9) {
			if (!is_upper(s[8]) || strchr(alpha, s[8]) == NULL)
				return VAT_FORMAT;
			extra = 9 * (int)(strchr(alpha, s[8]) - alpha);
		}
	} else if (n->len == 8 && is_digit(s[0]) && all_digits(s + 2, 5) &&
	           (is_upper(s[1]) || s[1] == '+' || s[1] == '*')) {
		seven[0] = '0';
		memcpy(seven + 1, s + 2, 5);
		seven[6] = s[0];
	} else {
		return VAT_FORMAT;
	}
	return ok_if(s[7] == alpha[(weighted(seven, w, 7) + extra) % 23]);
}

/* IT: the partita IVA, 11 digits: 7 for the taxpayer (not all zero), 3 for the tax office
 * (001..100, or 120, 121, 888, 999 for special registrations), and a Luhn digit. */
static enum vat_problem check_it(struct nat *n)
{
	if (n->len != 11 || !all_digits(n->s, 11) || num(n->s, 7) == 0)
		return VAT_FORMAT;
	unsigned long long office = num(n->s + 7, 3);
	if (!((office >= 1 && office <= 100) || office == 120 || office == 121 || office == 888 ||
	      office == 999))
		return VAT_FORMAT;
	return ok_if(luhn_sum(n->s, 11, false) % 10 == 0);
}

/* LT: 9 digits (legal entities, the 8th is 1) or 12 (temporarily registered taxpayers, the
 * 11th is 1). Weights 1 2 ... 9 1 2 repeating, mod 11; a remainder of 10 is retried with the
 * weights shifted by two (3 4 ... 9 1 2 3 4), and a second 10 gives 0. */
static enum vat_problem check_lt(struct nat *n)
{
	if (!all_digits(n->s, n->len))
		return VAT_FORMAT;
	if (!(n->len == 9 && n->s[7] == '1') && !(n->len == 12 && n->s[10] == '1'))
		return VAT_FORMAT;
	int c = 0, c2 = 0;
	for (size_t i = 0; i + 1 < n->len; i++) {
		c += (int)(1 + i % 9) * dig(n->s[i]);
		c2 += (int)(1 + (i + 2) % 9) * dig(n->s[i]);
	}
	c %= 11;
	if (c == 10)
		c = c2 % 11 % 10;
	return ok_if(c == dig(n->s[n->len - 1]));
}

/* LU: 8 digits, the last two the first six mod 89. */
static enum vat_problem check_lu(struct nat *n)
{
	if (n->len != 8 || !all_digits(n->s, 8))
		return VAT_FORMAT;
	return ok_if(num(n->s, 6) % 89 == num(n->s + 6, 2));
}

/* LV: 11 digits. Legal entities start 4..9: weights 9 1 4 8 3 10 2 5 7 6 1, remainder 3
 * mod 11. Natural persons use their personas kods: the old form is ddmmyy, a century digit
 * (0 1800s, 1 1900s, 2 2000s), 3 serial digits and a check digit, (1101 - weights
 * 1 6 3 7 9 10 5 8 4 2) mod 11, 10 -> 0 (python-stdnum notes that no independent source
 * confirms it). The form issued since July 2017 starts 3 and a digit 2..9 (a day that cannot
 * be), the rest random by the Population Register Law: no check digit to test. */
static enum vat_problem check_lv(struct nat *n)
{
	static const int legal[11] = {9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1};
	static const int pers[10] = {1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	const char *s = n->s;
	if (n->len != 11 || !all_digits(s, 11))
		return VAT_FORMAT;
	if (s[0] > '3')
		return ok_if(weighted(s, legal, 11) % 11 == 3);
	if (s[0] == '3' && s[1] >= '2')
		return VAT_OK;
	int d = (int)num(s, 2), m = (int)num(s + 2, 2);
	int y = 1800 + 100 * dig(s[6]) + (int)num(s + 4, 2);
	if (s[6] > '2' || !valid_date(y, m, d))
		return VAT_FORMAT;
	return ok_if(mod(1101 - weighted(s, pers, 10), 11) % 10 == dig(s[10]));
}

/* MT: 8 digits not starting 0, weights 3 4 6 7 8 9 and the last two as one number, sum
 * divisible by 37. */
static enum vat_problem check_mt(struct nat *n)
{
	static const int w[8] = {3, 4, 6, 7, 8, 9, 10, 1};
	if (n->len != 8 || !all_digits(n->s, 8) || n->s[0] == '0')
		return VAT_FORMAT;
	return ok_if(weighted(n->s, w, 8) % 37 == 0);
}

/* NL: ISO 7064 MOD 97-10 over "NL" + the number, letters as 10..35: the check of the
 * btw-identificatienummer that sole traders have had since 2020 (it no longer contains
 * their BSN). */
static bool nl_mod97(const char *s)
{
	char full[15] = "NL";
	unsigned r = 0;
	memcpy(full + 2, s, 12);
	for (size_t i = 0; i < 14; i++)
		r = is_digit(full[i]) ? (r * 10 + (unsigned)dig(full[i])) % 97
		                      : (r * 100 + (unsigned)(full[i] - 'A' + 10)) % 97;
	return r == 1;
}

/* NL: 9 digits, B, 2 digits (the unit, 01 and up). The 9 digits were the RSIN or BSN, with
 * its "11-test": weights 9..2 and -1, sum divisible by 11; numbers issued since 2020 pass
 * MOD 97 instead, so either will do. Leading zeros are often dropped: they are put back. */
static enum vat_problem check_nl(struct nat *n)
{
	static const int w[9] = {9, 8, 7, 6, 5, 4, 3, 2, -1};
	const char *b = strchr(n->s, 'B');
	if (b == NULL || b == n->s || strlen(b) != 3 || !all_digits(b + 1, 2) ||
	    !all_digits(n->s, (size_t)(b - n->s)) || b - n->s > 9)
		return VAT_FORMAT;
	if (b - n->s < 9)
		pad(n, n->len + 9 - (size_t)(b - n->s));
	if (num(n->s + 10, 2) == 0 || num(n->s, 9) == 0)
		return VAT_FORMAT;
	return ok_if(mod(weighted(n->s, w, 9), 11) == 0 || nl_mod97(n->s));
}

/* PL: the NIP, 10 digits, weights 6 5 7 2 3 4 5 6 7, check = sum mod 11 (10 is not issued). */
static enum vat_problem check_pl(struct nat *n)
{
	static const int w[9] = {6, 5, 7, 2, 3, 4, 5, 6, 7};
	if (n->len != 10 || !all_digits(n->s, 10))
		return VAT_FORMAT;
	return ok_if(weighted(n->s, w, 9) % 11 == dig(n->s[9]));
}

/* PT: the NIF/NIPC, 9 digits not starting 0, weights 9..2, check = 11 - sum mod 11, 10 and
 * 11 -> 0. */
static enum vat_problem check_pt(struct nat *n)
{
	static const int w[8] = {9, 8, 7, 6, 5, 4, 3, 2};
	if (n->len != 9 || !all_digits(n->s, 9) || n->s[0] == '0')
		return VAT_FORMAT;
	return ok_if(mod(11 - weighted(n->s, w, 8), 11) % 10 == dig(n->s[8]));
}

/* RO: the CUI/CIF, 2 to 10 digits not starting 0. The digits before the check digit are
 * right-aligned under the key 7 5 3 2 1 7 5 3 2; check = sum · 10 mod 11, 10 -> 0. (The
 * 13-digit CNP of natural persons is not a VAT number.) */
static enum vat_problem check_ro(struct nat *n)
{
	static const int key[9] = {7, 5, 3, 2, 1, 7, 5, 3, 2};
	if (n->len < 2 || n->len > 10 || !all_digits(n->s, n->len) || n->s[0] == '0')
		return VAT_FORMAT;
	size_t k = n->len - 1;
	int sum = weighted(n->s, key + 9 - k, k);
	return ok_if(sum * 10 % 11 % 10 == dig(n->s[k]));
}

/* SE: the organisationsnummer (10 digits, Luhn) followed by 01..94, the entity's number
 * within it (in practice 01). */
static enum vat_problem check_se(struct nat *n)
{
	if (n->len != 12 || !all_digits(n->s, 12))
		return VAT_FORMAT;
	unsigned long long unit = num(n->s + 10, 2);
	if (unit < 1 || unit > 94)
		return VAT_FORMAT;
	return ok_if(luhn_sum(n->s, 10, false) % 10 == 0);
}

/* SI: the davčna številka, 8 digits not starting 0, weights 8..2, check = 11 - sum mod 11
 * with 10 -> 0; a result of 11 means no number was issued. */
static enum vat_problem check_si(struct nat *n)
{
	static const int w[7] = {8, 7, 6, 5, 4, 3, 2};
	if (n->len != 8 || !all_digits(n->s, 8) || n->s[0] == '0')
		return VAT_FORMAT;
	int c = 11 - weighted(n->s, w, 7) % 11;
	if (c == 11)
		return VAT_CHECKSUM;
	return ok_if(c % 10 == dig(n->s[7]));
}

/* SK: the IČ DPH, 10 digits, not starting 0, third digit 2 3 4 7 8 or 9, divisible by 11. */
static enum vat_problem check_sk(struct nat *n)
{
	if (n->len != 10 || !all_digits(n->s, 10) || n->s[0] == '0' ||
	    strchr("234789", n->s[2]) == NULL)
		return VAT_FORMAT;
	return ok_if(num(n->s, 10) % 11 == 0);
}

/* XI: Northern Ireland traders keep their UK VAT number, so HMRC's rules apply.
 *   9 digits, or 12 for a branch (the last 3 are the branch, outside the check): weights
 *     8 7 6 5 4 3 2 on the first seven plus the last two as a number; the "mod 97" numbers
 *     make that divisible by 97; the newer "9755" numbers (only from 100 0000 00 up) make
 *     it 55 short of that, remainder 42;
 *   GD + 3 digits below 500, government departments; HA + 3 digits from 500, health
 *     authorities; and their EU-format spelling GD8888 / HA8888 + those 3 digits + the
 *     3 digits mod 97. */
static enum vat_problem check_xi(struct nat *n)
{
	static const int w[9] = {8, 7, 6, 5, 4, 3, 2, 10, 1};
	const char *s = n->s;
	bool gd = strncmp(s, "GD", 2) == 0, ha = strncmp(s, "HA", 2) == 0;

	if (gd || ha) {
		size_t at = n->len == 11 ? 6 : 2;
		if ((n->len != 5 && n->len != 11) || !all_digits(s + 2, n->len - 2) ||
		    (n->len == 11 && memcmp(s + 2, "8888", 4) != 0))
			return VAT_FORMAT;
		unsigned long long body = num(s + at, 3);
		if (gd ? body >= 500 : body < 500)
			return VAT_FORMAT;
		return n->len == 5 ? VAT_OK : ok_if(body % 97 == num(s + 9, 2));
	}
	if ((n->len != 9 && n->len != 12) || !all_digits(s, n->len))
		return VAT_FORMAT;
	int r = weighted(s, w, 9) % 97;
	return ok_if(r == 0 || (r == 42 && num(s, 3) >= 100));
}

/* A member state (and Northern Ireland) as an organization's country. */
struct member {
	char iso[3];                              /* ISO 3166-1 alpha-2 */
	char prefix[3];                           /* its VAT prefix */
	bool letters_first;                       /* numbers may start with two letters */
	enum vat_problem (*check)(struct nat *n); /* the national part's rules */
};

static const struct member members[] = {
	{"AT", "AT", false, check_at}, {"BE", "BE", false, check_be}, {"BG", "BG", false, check_bg},
	{"CY", "CY", false, check_cy}, {"CZ", "CZ", false, check_cz}, {"DE", "DE", false, check_de},
	{"DK", "DK", false, check_dk}, {"EE", "EE", false, check_ee}, {"ES", "ES", false, check_es},
	{"FI", "FI", false, check_fi}, {"FR", "FR", true, check_fr},  {"GB", "XI", true, check_xi},
	{"GR", "EL", false, check_el}, {"HR", "HR", false, check_hr}, {"HU", "HU", false, check_hu},
	{"IE", "IE", false, check_ie}, {"IT", "IT", false, check_it}, {"LT", "LT", false, check_lt},
	{"LU", "LU", false, check_lu}, {"LV", "LV", false, check_lv}, {"MT", "MT", false, check_mt},
	{"NL", "NL", false, check_nl}, {"PL", "PL", false, check_pl}, {"PT", "PT", false, check_pt},
	{"RO", "RO", false, check_ro}, {"SE", "SE", false, check_se}, {"SI", "SI", false, check_si},
	{"SK", "SK", false, check_sk},
};

#define MEMBERS (sizeof(members) / sizeof(members[0]))

/* country upper-cased into cc; false unless it is two ASCII letters. Lower case is taken
 * too: it costs nothing, and a caller's "de" is not worth an error. */
static bool country_code(const char *country, char cc[3])
{
	if (country == NULL || strlen(country) != 2)
		return false;
	for (size_t i = 0; i < 2; i++) {
		char c = country[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!is_upper(c))
			return false;
		cc[i] = c;
	}
	cc[2] = '\0';
	return true;
}

/* The member whose ISO code is country, or NULL. */
static const struct member *member_of(const char *country)
{
	char cc[3];
	if (!country_code(country, cc))
		return NULL;
	for (size_t i = 0; i < MEMBERS; i++)
		if (strcmp(members[i].iso, cc) == 0)
			return &members[i];
	return NULL;
}

/* The VAT prefix that the first two characters of s spell, canonical: GR (what Greeks
 * often type) counts as EL. GB is recognised so that a British number is told apart from
 * a typo, but matches no member. NULL for anything else. */
static const char *prefix_given(const char *s)
{
	if (strncmp(s, "GR", 2) == 0)
		return "EL";
	if (strncmp(s, "GB", 2) == 0)
		return "GB";
	for (size_t i = 0; i < MEMBERS; i++)
		if (strncmp(s, members[i].prefix, 2) == 0)
			return members[i].prefix;
	return NULL;
}

/* Copies in to buf (cap bytes) upper-cased and without separators: space, tab, no-break
 * space, . - / : and , (all seen in print: "DE 136.695.976", "CZ 640229/4448", "DK: ...").
 * Keeps letters, digits, and + and * (old Irish numbers). Returns the length, or -1 for any
 * other character or when the result does not fit. */
static long clean(const char *in, char *buf, size_t cap)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)(in ? in : ""); *p != '\0'; p++) {
		unsigned char c = *p;
		if (c == 0xc2 && p[1] == 0xa0) {
			p++;
			continue;
		}
		if (strchr(" \t.-/:,", c) != NULL)
			continue;
		if (c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		if (!is_digit((char)c) && !is_upper((char)c) && c != '+' && c != '*')
			return -1;
		if (o + 1 >= cap)
			return -1;
		buf[o++] = (char)c;
	}
	buf[o] = '\0';
	return (long)o;
}

const char *vat_prefix(const char *country)
{
	const struct member *m = member_of(country);
	return m ? m->prefix : NULL;
}

/* The national part, s, through m's check; on success the normalised number in out. */
static enum vat_problem national(const struct member *m, const char *s, char *out)
{
	struct nat n;
	size_t len = strlen(s);
	if (len > NAT_MAX)
		return VAT_FORMAT;
	memcpy(n.s, s, len + 1);
	n.len = len;
	enum vat_problem p = m->check(&n);
	if (p == VAT_OK) {
		memcpy(out, m->prefix, 2);
		memcpy(out + 2, n.s, n.len + 1);
	}
	return p;
}

enum vat_problem vat_check(const char *country, const char *input, char out[VAT_MAX + 1])
{
	char buf[VAT_MAX + 1], cc[3];
	const struct member *m;
	const char *given;

	out[0] = '\0';
	if (country_code(country, cc) && strcmp(cc, "CH") == 0)
		return VAT_SWISS;
	if ((m = member_of(country)) == NULL)
		return VAT_NOT_EU;
	long len = clean(input, buf, sizeof(buf));
	if (len < 0)
		return VAT_FORMAT;
	if (len == 0)
		return VAT_EMPTY;
	if (len < 2 || !is_upper(buf[0]) || !is_upper(buf[1]))
		return national(m, buf, out);

	/* Two letters: a prefix, or for France (key letters) and Northern Ireland (GD, HA) part
	 * of the number itself. The number wins when it is valid as it stands: "DE" is both
	 * Germany and a possible French key. */
	given = prefix_given(buf);
	if (m->letters_first) {
		enum vat_problem p = national(m, buf, out);
		if (p == VAT_OK || given == NULL)
			return p;
	}
	if (given == NULL)
		return VAT_FORMAT;
	if (strcmp(given, m->prefix) != 0)
		return VAT_PREFIX;
	return national(m, buf + 2, out);
}

enum vat_problem vat_uid_check(const char *input, char out[VAT_MAX + 8])
{
	static const char *const suffixes[] = {"MWST", "TVA", "IVA", "VAT"};
	char buf[VAT_MAX + 8];
	const char *d, *suffix = NULL;

	out[0] = '\0';
	long len = clean(input, buf, sizeof(buf));
	if (len < 0)
		return VAT_FORMAT;
	if (len == 0)
		return VAT_EMPTY;
	d = strncmp(buf, "CHE", 3) == 0 ? buf + 3 : buf;
	if (strlen(d) < 9 || !all_digits(d, 9))
		return VAT_FORMAT;
	if (d[9] != '\0') {
		for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
			if (strcmp(d + 9, suffixes[i]) == 0)
				suffix = suffixes[i];
		if (suffix == NULL)
			return VAT_FORMAT;
	}
	/* Federal Statistical Office, UID check digit: weights 5 4 3 2 7 6 5 4, check = 11 -
	 * sum mod 11, 11 -> 0; 10 is never issued. */
	static const int w[8] = {5, 4, 3, 2, 7, 6, 5, 4};
	int c = 11 - weighted(d, w, 8) % 11;
	if (c == 11)
		c = 0;
	if (c != dig(d[8]))
		return VAT_CHECKSUM;
	memcpy(out, "CHE-", 4);
	memcpy(out + 4, d, 3);
	out[7] = '.';
	memcpy(out + 8, d + 3, 3);
	out[11] = '.';
	memcpy(out + 12, d + 6, 3);
	out[15] = '\0';
	if (suffix != NULL) {
		out[15] = ' ';
		memcpy(out + 16, suffix, strlen(suffix) + 1);  /* MWST, TVA, IVA or VAT: fits */
	}
	return VAT_OK;
}

const char *vat_problem_key(enum vat_problem p)
{
	switch (p) {
	case VAT_OK:
		return NULL;
	case VAT_EMPTY:
		return "vat.empty";
	case VAT_NOT_EU:
		return "vat.not_eu";
	case VAT_SWISS:
		return "vat.swiss";
	case VAT_PREFIX:
		return "vat.prefix";
	case VAT_FORMAT:
		return "vat.format";
	case VAT_CHECKSUM:
		return "vat.checksum";
	}
	return NULL;
}
