<?xml version="1.0" encoding="UTF-8"?>
<!-- First line: the subject. After a blank line: the body (plain text). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="/mail[@template='token_warning']">
<xsl:value-of select="k:t('mail.token_warning.subject', string(token))"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('mail.token_warning.body', string(token))"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('mail.token_warning.date', k:date(@date))"/><xsl:text>
</xsl:text><xsl:value-of select="k:t('mail.token_warning.keep')"/><xsl:text>

</xsl:text><xsl:value-of select="concat(@base, '/account/tokens')"/><xsl:text>

-- 
Kontor
</xsl:text>
</xsl:template>
</xsl:stylesheet>
