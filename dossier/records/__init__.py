"""Electronic records (ND 30/2020 Phụ lục VI): the metadata of documents and files, pure."""
