<?xml version="1.0" encoding="UTF-8"?>
<!-- First line: the subject. After a blank line: the body (plain text). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="/mail[@template='password_reset']">
<xsl:value-of select="k:t('mail.reset.subject')"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('mail.reset.body')"/><xsl:text>

</xsl:text><xsl:value-of select="concat(@base, '/reset/confirm?token=', @token)"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('mail.reset.validity', string(@minutes))"/><xsl:text>
</xsl:text><xsl:value-of select="k:t('mail.reset.ignore')"/><xsl:text>
</xsl:text><xsl:value-of select="k:t('mail.requested_from', string(@ip))"/><xsl:text>

-- 
Kontor
</xsl:text>
</xsl:template>
</xsl:stylesheet>
