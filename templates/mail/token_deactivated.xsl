<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="/mail[@template='token_deactivated']">
<xsl:value-of select="k:t('mail.token_deactivated.subject', string(token))"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('mail.token_deactivated.body', string(token))"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('mail.token_deactivated.new')"/><xsl:text>

</xsl:text><xsl:value-of select="concat(@base, '/account/tokens')"/><xsl:text>

-- 
Kontor
</xsl:text>
</xsl:template>
</xsl:stylesheet>
