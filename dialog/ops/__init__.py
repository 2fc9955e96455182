"""Operations: backups and what an operations team runs on the servers."""
