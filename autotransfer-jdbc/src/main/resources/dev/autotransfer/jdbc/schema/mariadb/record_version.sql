-- written by SchemaInstaller last. A migration tool applying the script writes it too
INSERT INTO at_schema_version (version, description) VALUES (1, 'V001__init')
