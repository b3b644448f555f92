-- The complete membership model: organisations' e-mail domains, group lists with their member
-- organisations and posting policy, subscriptions with a delivery mode, the audit log, console
-- users and API tokens, e-mail command confirmations, and counters kept by the server.

CREATE TABLE IF NOT EXISTS organisation_domain (
    organisation_id BIGINT NOT NULL,
    domain VARCHAR(253) CHARACTER SET ascii NOT NULL,
    PRIMARY KEY (organisation_id, domain),
    UNIQUE KEY uk_organisation_domain (domain),
    CONSTRAINT fk_organisation_domain_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id)
        ON DELETE CASCADE
) ENGINE=InnoDB;

-- members: only representatives of the list's organisations may post; anyone: any active
-- representative; moderated: posts are held for an administrator.
ALTER TABLE hub_list
    ADD COLUMN IF NOT EXISTS posting_policy VARCHAR(16) NOT NULL DEFAULT 'members',
    ADD COLUMN IF NOT EXISTS description VARCHAR(1000) NOT NULL DEFAULT '',
    ADD COLUMN IF NOT EXISTS created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3);
UPDATE hub_list SET posting_policy = 'anyone' WHERE kind = 'ALL';

-- The organisations of a GROUP list (sector lists take their sector, 'all' takes everyone).
CREATE TABLE IF NOT EXISTS list_organisation (
    list_id BIGINT NOT NULL,
    organisation_id BIGINT NOT NULL,
    PRIMARY KEY (list_id, organisation_id),
    CONSTRAINT fk_list_organisation_list FOREIGN KEY (list_id) REFERENCES hub_list (id) ON DELETE CASCADE,
    CONSTRAINT fk_list_organisation_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id)
        ON DELETE CASCADE
) ENGINE=InnoDB;

-- A representative's delivery mode on a list they belong to. No row means 'immediate'.
CREATE TABLE IF NOT EXISTS subscription (
    representative_id BIGINT NOT NULL,
    list_id BIGINT NOT NULL,
    mode VARCHAR(16) NOT NULL,
    updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (representative_id, list_id),
    KEY ix_subscription_list (list_id, mode),
    CONSTRAINT fk_subscription_representative FOREIGN KEY (representative_id) REFERENCES representative (id)
        ON DELETE CASCADE,
    CONSTRAINT fk_subscription_list FOREIGN KEY (list_id) REFERENCES hub_list (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS audit_log (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    at DATETIME(3) NOT NULL,
    actor VARCHAR(254) NOT NULL,
    action VARCHAR(64) NOT NULL,
    entity VARCHAR(32) NOT NULL,
    entity_key VARCHAR(254) NOT NULL,
    before_state TEXT NULL,
    after_state TEXT NULL,
    KEY ix_audit_log_at (at),
    KEY ix_audit_log_entity (entity, entity_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS admin_user (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(64) NOT NULL,
    password_hash VARCHAR(255) CHARACTER SET ascii NOT NULL,
    role VARCHAR(16) NOT NULL DEFAULT 'admin',
    failed_attempts INT NOT NULL DEFAULT 0,
    locked_until DATETIME(3) NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY uk_admin_user_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- API tokens are shown once; only their SHA-256 is stored.
CREATE TABLE IF NOT EXISTS api_token (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    admin_user_id BIGINT NOT NULL,
    label VARCHAR(100) NOT NULL,
    token_sha256 CHAR(64) CHARACTER SET ascii NOT NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY uk_api_token_sha256 (token_sha256),
    CONSTRAINT fk_api_token_admin_user FOREIGN KEY (admin_user_id) REFERENCES admin_user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A change asked for by e-mail at <list>-request@, waiting for the representative to reply with
-- the token.
CREATE TABLE IF NOT EXISTS request_confirmation (
    token CHAR(32) CHARACTER SET ascii NOT NULL PRIMARY KEY,
    representative_id BIGINT NOT NULL,
    list_id BIGINT NOT NULL,
    action VARCHAR(32) NOT NULL,
    created_at DATETIME(3) NOT NULL,
    expires_at DATETIME(3) NOT NULL,
    used_at DATETIME(3) NULL,
    CONSTRAINT fk_request_confirmation_representative FOREIGN KEY (representative_id) REFERENCES representative (id)
        ON DELETE CASCADE,
    CONSTRAINT fk_request_confirmation_list FOREIGN KEY (list_id) REFERENCES hub_list (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- A post that was refused or held, for the console (the mail itself stays in James's repository).
CREATE TABLE IF NOT EXISTS vetting_outcome (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    at DATETIME(3) NOT NULL,
    outcome VARCHAR(16) NOT NULL,
    mail_name VARCHAR(200) CHARACTER SET ascii NOT NULL,
    message_id VARCHAR(900) CHARACTER SET ascii NOT NULL,
    list_id BIGINT NULL,
    sender VARCHAR(254) NOT NULL,
    subject VARCHAR(500) NOT NULL,
    reasons TEXT NOT NULL,
    UNIQUE KEY uk_vetting_outcome_mail (mail_name, list_id),
    KEY ix_vetting_outcome_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Counters the server adds to (for example retries while MariaDB was out of reach).
CREATE TABLE IF NOT EXISTS hub_counter (
    name VARCHAR(64) NOT NULL PRIMARY KEY,
    value BIGINT NOT NULL
) ENGINE=InnoDB;
