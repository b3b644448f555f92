package org.infohub.mailet;

import java.util.Locale;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;

/**
 * At {@code RCPT TO}, refuses hub-domain addresses that are neither a list, a list's
 * {@code -request}/{@code -owner}/{@code -bounces} address, nor {@code postmaster}: other local
 * mail never enters the hub. Other domains are left to James's relay rules.
 *
 * <pre>{@code <handler class="org.infohub.mailet.HubRecipientHook"/>}</pre>
 */
public class HubRecipientHook implements RcptHook {
    private final HubServices hub;

    @Inject
    public HubRecipientHook(HubServices hub) {
        this.hub = hub;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        if (!rcpt.getDomain().asString().equalsIgnoreCase(hub.domain())) {
            return HookResult.DECLINED;
        }
        String local = rcpt.getLocalPart().toLowerCase(Locale.ROOT);
        if (local.equals("postmaster") || hub.members().findList(local).isPresent()
                || RecipientIsListRole.ROLES.stream().anyMatch(role ->
                        RecipientIsListRole.listOf(local, role).flatMap(hub.members()::findList).isPresent())) {
            return HookResult.DECLINED;
        }
        return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode("550")
                .smtpDescription("5.1.1 <" + rcpt.asString() + ">: no such list at " + hub.domain()
                        + "; post to a sector list such as finance@" + hub.domain() + " or to all@" + hub.domain())
                .build();
    }
}
