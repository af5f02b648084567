-- At least one admin, whatever route changes the users: a change that takes
-- the admin role away from the last admin (a demotion, a ban or a removal)
-- is refused by the database itself.
CREATE FUNCTION "users_keep_one_admin"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_rows WHERE role = 'admin')
     AND NOT EXISTS (SELECT 1 FROM "users" WHERE role = 'admin' AND banned IS NOT TRUE) THEN
    RAISE EXCEPTION 'Callscope keeps at least one admin: the last admin cannot be demoted, banned or removed.'
      USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "users_keep_one_admin_update" AFTER UPDATE ON "users"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "users_keep_one_admin"();

CREATE TRIGGER "users_keep_one_admin_delete" AFTER DELETE ON "users"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "users_keep_one_admin"();
