-- Sectors of the programme, their organisations and registered representatives.
CREATE TABLE IF NOT EXISTS sector (
    code VARCHAR(32) NOT NULL PRIMARY KEY,
    name VARCHAR(200) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT IGNORE INTO sector (code, name) VALUES
    ('finance', 'Finance and insurance'),
    ('utilities', 'Public utilities'),
    ('transport', 'Transport'),
    ('healthcare', 'Healthcare'),
    ('telecom', 'Telecommunications'),
    ('tech', 'Innovation and technology'),
    ('infosec', 'Information security'),
    ('education', 'Tertiary education');

CREATE TABLE IF NOT EXISTS organisation (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    sector VARCHAR(32) NOT NULL,
    status VARCHAR(16) NOT NULL DEFAULT 'active',
    joined_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY uk_organisation_name (name),
    CONSTRAINT fk_organisation_sector FOREIGN KEY (sector) REFERENCES sector (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS representative (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email VARCHAR(254) NOT NULL,
    name VARCHAR(200) NOT NULL,
    organisation_id BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL DEFAULT 'active',
    joined_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY uk_representative_email (email),
    CONSTRAINT fk_representative_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A hub address. "list" is kept out of the name: it is a keyword in too many SQL dialects.
CREATE TABLE IF NOT EXISTS hub_list (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    local_part VARCHAR(64) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    sector VARCHAR(32) NULL,
    name VARCHAR(200) NOT NULL,
    UNIQUE KEY uk_hub_list_local_part (local_part),
    CONSTRAINT fk_hub_list_sector FOREIGN KEY (sector) REFERENCES sector (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT IGNORE INTO hub_list (local_part, kind, sector, name)
    SELECT code, 'SECTOR', code, name FROM sector;
INSERT IGNORE INTO hub_list (local_part, kind, sector, name) VALUES ('all', 'ALL', NULL, 'All sectors');
