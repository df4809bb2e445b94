/*
 * QR codes with libqrencode, drawn as one SVG path in the page (no image service, no
 * file): the model carries <qr size="n" d="..."/> and layout.xsl's "qr" template draws it.
 */
#include <stdio.h>
#include <string.h>

#include <qrencode.h>

#include "twofa.h"

struct _xmlNode *qr_view(struct req *r, struct _xmlNode *parent, const char *text)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (q == NULL)
		return NULL;
	int w = q->width;
	/* At most "M999 999h1v1h-1z" (16 bytes) per module (a QR code is at most 177 wide). */
	size_t size = (size_t)w * (size_t)w * 16 + 1, used = 0;
	char *d = arena_alloc(r->arena, size);
	d[0] = '\0';
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++)
			if (q->data[y * w + x] & 1)
				used += (size_t)snprintf(d + used, size - used, "M%d %dh1v1h-1z", x, y);
	QRcode_free(q);
	struct _xmlNode *n = view_node(parent, "qr");
	view_attr_int(n, "size", w);
	view_attr(n, "d", d);
	return n;
}
