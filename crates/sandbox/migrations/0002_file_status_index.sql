-- user_files_v2 filters by sync_status under a customer and pages by id (the widget polls READY files).
CREATE INDEX files_by_customer_status ON files (customer_row, sync_status, id);
