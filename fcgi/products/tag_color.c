/*
 * Tags' names and colours, without the database: a name of 1 to 30 characters (UTF-8 counted
 * as characters), a colour from the palette or a hex value, and the text colour (black or
 * white) that contrasts more with it, by WCAG 2's formula: at least 4.58:1 for any colour.
 */
#include <math.h>
#include <string.h>

#include "products.h"

const char *const tag_palette[TAG_PALETTE_SIZE + 1] = {
	"#0b5cad", "#1e6b34", "#b00020", "#8a4b00", "#6f42c1", "#c2255c",
	"#0f766e", "#b45309", "#334155", "#facc15", "#84cc16", "#67e8f9", NULL,
};

const char *tag_name_problem(const char *name)
{
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		chars += (*p & 0xC0) != 0x80;  /* count UTF-8 lead bytes, not continuation bytes */
	if (chars == 0)
		return "tag.name_empty";
	return chars > TAG_NAME_MAX ? "tag.name_long" : NULL;
}

bool tag_color(const char *in, char out[8])
{
	size_t n = strlen(in);
	if (n != 4 && n != 7)
		return false;
	if (in[0] != '#')
		return false;
	for (size_t i = 1; i < n; i++)
		if (hexval((unsigned char)in[i]) < 0)
			return false;
	static const char hex[] = "0123456789abcdef";
	out[0] = '#';
	for (int i = 0; i < 6; i++)
		out[1 + i] = hex[hexval((unsigned char)in[n == 4 ? 1 + i / 2 : 1 + i])];
	out[7] = '\0';
	return true;
}

/* WCAG 2 relative luminance of #rrggbb. */
static double luminance(const char *c)
{
	double l[3];
	for (int i = 0; i < 3; i++) {
		double v = (hexval((unsigned char)c[1 + 2 * i]) * 16 + hexval((unsigned char)c[2 + 2 * i])) / 255.0;
		l[i] = v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

double tag_contrast(const char *a, const char *b)
{
	double la = luminance(a), lb = luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

const char *tag_text_color(const char *color)
{
	return tag_contrast(color, "#000000") >= tag_contrast(color, "#ffffff") ? "#000000" : "#ffffff";
}

