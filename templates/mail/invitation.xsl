<?xml version="1.0" encoding="UTF-8"?>
<!-- First line: the subject. After a blank line: the body (plain text). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:k="urn:kontor" exclude-result-prefixes="k">
<xsl:template match="/mail[@template='invitation']">
<xsl:value-of select="k:t('mail.invitation.subject', string(organization))"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('mail.invitation.body', string(organization))"/><xsl:text>
</xsl:text><xsl:value-of select="k:t('mail.invitation.role', k:t(concat('role.', @role)))"/><xsl:text>
</xsl:text><xsl:value-of select="k:t('mail.invitation.by', string(inviter))"/><xsl:text>

</xsl:text><xsl:value-of select="@link"/><xsl:text>

</xsl:text><xsl:value-of select="k:t('mail.invitation.valid', string(@days))"/><xsl:text>
</xsl:text><xsl:value-of select="k:t('mail.invitation.ignore')"/><xsl:text>

-- 
Kontor
</xsl:text>
</xsl:template>
</xsl:stylesheet>
