<?xml version="1.0" encoding="UTF-8"?>
<!-- First line: the subject. After a blank line: the body (plain text). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="/mail[@template='token_created']">
<xsl:value-of select="k:t('mail.token_created.subject', string(token))"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('mail.token_created.body', string(token))"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('mail.requested_from', string(@ip))"/><xsl:text>
</xsl:text><xsl:value-of select="k:t('mail.token_created.not_you')"/><xsl:text>

</xsl:text><xsl:value-of select="concat(@base, '/account/tokens')"/><xsl:text>

-- 
Kontor
</xsl:text>
</xsl:template>
</xsl:stylesheet>
