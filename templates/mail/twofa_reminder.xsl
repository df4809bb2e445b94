<?xml version="1.0" encoding="UTF-8"?>
<!-- An organization that requires 2FA reminds a member who has none (fcgi/org/page_twofa.c).
     First line: the subject. After a blank line: the body (plain text). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="/mail[@template='twofa_reminder']">
<xsl:value-of select="k:t('org2fa.mail.subject', string(org))"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('org2fa.mail.body', string(org))"/><xsl:text>
</xsl:text><xsl:value-of select="k:t('org2fa.mail.by', string(by))"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('org2fa.mail.how')"/><xsl:text>
</xsl:text><xsl:value-of select="concat(@base, '/account/security')"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('org2fa.mail.why')"/><xsl:text>

-- 
Kontor
</xsl:text>
</xsl:template>
</xsl:stylesheet>
