<?xml version="1.0" encoding="UTF-8"?>
<!-- First line: the subject. After a blank line: the body (plain text). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="/mail[@template='legal_reps_changed']">
<xsl:value-of select="k:t('mail.legal_reps.subject', string(organization))"/><xsl:text>

</xsl:text><xsl:value-of select="k:t(concat('mail.legal_reps.', @event), string(subject))"/><xsl:text>
</xsl:text><xsl:value-of select="k:t('mail.legal_reps.by', string(actor))"/><xsl:text>
</xsl:text><xsl:value-of select="k:t('mail.requested_from', string(@ip))"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('mail.legal_reps.why')"/><xsl:text>

-- 
Kontor
</xsl:text>
</xsl:template>
</xsl:stylesheet>
