<?xml version="1.0" encoding="UTF-8"?>
<!-- Mails are plain text: the output of the one stylesheet all mail templates are compiled
     into (fcgi/core/view.c). Not a mail itself. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="UTF-8"/>
</xsl:stylesheet>
