<?xml version="1.0" encoding="UTF-8"?>
<!-- A help request was rejected by provider staff: the reason, and what the user can do. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="/mail[@template='recovery_rejected']">
<xsl:value-of select="k:t('recovery.mail.rejected.subject')"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('recovery.mail.rejected.body', string(email))"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('recovery.mail.reason')"/><xsl:text>
  </xsl:text><xsl:value-of select="reason"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('recovery.mail.rejected.next')"/><xsl:text>
</xsl:text><xsl:value-of select="concat(@base, '/login')"/><xsl:text>

-- 
Kontor
</xsl:text>
</xsl:template>
</xsl:stylesheet>
