<?xml version="1.0" encoding="UTF-8"?>
<!-- "Something changed how you log in": one template for every such event; the event's
     catalogue entry (seclog.<event>) says what, as in the security log. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="/mail[@template='security_event']">
<xsl:value-of select="k:t('secmail.subject')"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('secmail.body', string(email))"/><xsl:text>

  </xsl:text><xsl:value-of select="k:t(concat('seclog.', @event))"/><xsl:if test="detail != ''"><xsl:text>: </xsl:text><xsl:call-template name="security-detail"><xsl:with-param name="detail" select="string(detail)"/></xsl:call-template></xsl:if><xsl:text>

</xsl:text><xsl:value-of select="k:t('mail.requested_from', string(@ip))"/><xsl:text>
</xsl:text><xsl:value-of select="k:t('secmail.not_you')"/><xsl:text>
</xsl:text><xsl:value-of select="concat(@base, '/account/security')"/><xsl:text>

-- 
Kontor
</xsl:text>
</xsl:template>
</xsl:stylesheet>
