package org.infohub.mailet;

import java.util.Locale;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.infohub.core.db.DataAccessException;

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
        try {
            if (local.equals("postmaster") || hub.lists().find(local).isPresent()
                    || RecipientIsListRole.ROLES.stream().anyMatch(role ->
                            RecipientIsListRole.listOf(local, role).flatMap(hub.lists()::find).isPresent())) {
                return HookResult.DECLINED;
            }
        } catch (DataAccessException e) {
            return HookResult.builder().hookReturnCode(HookReturnCode.denySoft()).smtpReturnCode("451")
                    .smtpDescription("4.3.0 the hub cannot check its lists right now; please try again later").build();
        }
        return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode("550")
                .smtpDescription("5.1.1 <" + rcpt.asString() + ">: no such list at " + hub.domain()
                        + "; post to a sector list such as finance@" + hub.domain() + " or to all@" + hub.domain())
                .build();
    }
}
