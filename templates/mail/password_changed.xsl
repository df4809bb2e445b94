<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="/mail[@template='password_changed']">
<xsl:value-of select="k:t('mail.changed.subject')"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('mail.changed.body', string(email))"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('mail.requested_from', string(@ip))"/><xsl:text>
</xsl:text><xsl:value-of select="k:t('mail.changed.not_you')"/><xsl:text>
</xsl:text><xsl:value-of select="concat(@base, '/reset')"/><xsl:text>

-- 
Kontor
</xsl:text>
</xsl:template>
</xsl:stylesheet>
