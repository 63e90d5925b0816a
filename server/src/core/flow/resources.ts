// The acquire/release pairs table for resources (locks live in lock-*.ts): what a counterpart must give back.

/** What an acquiring call returns, which decides how a failed acquisition is recognised. */
export type ResultKind = 'pointer' | 'err-pointer' | 'status' | 'truth' | 'none';

/** Where a call names the thing it acquires or releases: its result or one of its arguments. */
export type KeySource = 'result' | number;

export interface CallSpec {
  name: string;
  key: KeySource;
  returns?: ResultKind;
}

export interface PairSpec {
  id: string;
  /** Said to the user: "allocates <what>", "releases <what>". */
  what: string;
  category: 'resource' | 'lock';
  acquire: CallSpec[];
  release: CallSpec[];
  /** Whether keys (the variable, id or object) are compared across functions, not only the family. */
  matchKeys: boolean;
  /** Releasing something that was never acquired is harmless (kfree(NULL), freeing a missing shadow). */
  nullSafeRelease: boolean;
}

const result = (name: string, returns: ResultKind = 'pointer'): CallSpec => ({
  name,
  key: 'result',
  returns,
});
const arg = (name: string, key: number, returns: ResultKind = 'none'): CallSpec => ({ name, key, returns });

export const RESOURCE_PAIRS: readonly PairSpec[] = [
  {
    id: 'memory',
    what: 'memory',
    category: 'resource',
    acquire: ['kmalloc', 'kzalloc', 'kcalloc', 'kmalloc_array', 'kvmalloc', 'kvzalloc', 'kvcalloc']
      .concat(['kvmalloc_array', 'vmalloc', 'vzalloc', 'kstrdup', 'kmemdup', 'kasprintf'])
      .map((name) => result(name)),
    release: ['kfree', 'kvfree', 'vfree', 'kfree_sensitive', 'kzfree'].map((name) => arg(name, 0)),
    matchKeys: true,
    nullSafeRelease: true,
  },
  {
    id: 'pages',
    what: 'pages',
    category: 'resource',
    acquire: [result('__get_free_pages', 'truth'), result('get_zeroed_page', 'truth'), result('alloc_pages')],
    release: [arg('free_pages', 0), arg('free_page', 0), arg('__free_pages', 0)],
    matchKeys: false,
    nullSafeRelease: true,
  },
  {
    id: 'kmem-cache-object',
    what: 'a slab object',
    category: 'resource',
    acquire: [result('kmem_cache_alloc'), result('kmem_cache_zalloc')],
    release: [arg('kmem_cache_free', 1)],
    matchKeys: true,
    nullSafeRelease: false,
  },
  {
    id: 'kmem-cache',
    what: 'a slab cache',
    category: 'resource',
    acquire: [result('kmem_cache_create'), result('kmem_cache_create_usercopy')],
    release: [arg('kmem_cache_destroy', 0)],
    matchKeys: true,
    nullSafeRelease: true,
  },
  {
    id: 'shadow',
    what: 'a shadow variable',
    category: 'resource',
    acquire: [arg('klp_shadow_alloc', 1, 'pointer'), arg('klp_shadow_get_or_alloc', 1, 'pointer')],
    release: [arg('klp_shadow_free', 1), arg('klp_shadow_free_all', 0)],
    matchKeys: true,
    nullSafeRelease: true,
  },
  {
    id: 'kthread',
    what: 'a kernel thread',
    category: 'resource',
    acquire: ['kthread_run', 'kthread_create', 'kthread_run_on_cpu', 'kthread_create_on_node'].map((name) =>
      result(name, 'err-pointer'),
    ),
    release: [arg('kthread_stop', 0), arg('kthread_stop_put', 0)],
    matchKeys: true,
    nullSafeRelease: false,
  },
  {
    id: 'irq',
    what: 'an interrupt handler',
    category: 'resource',
    acquire: ['request_irq', 'request_threaded_irq', 'request_any_context_irq'].map((n) =>
      arg(n, 0, 'status'),
    ),
    release: [arg('free_irq', 0)],
    matchKeys: true,
    nullSafeRelease: false,
  },
  {
    id: 'kobject',
    what: 'a kobject',
    category: 'resource',
    acquire: [result('kobject_create_and_add'), arg('kobject_init_and_add', 0, 'status')],
    release: [arg('kobject_put', 0), arg('kobject_del', 0)],
    matchKeys: true,
    nullSafeRelease: true,
  },
  {
    id: 'sysfs-file',
    what: 'a sysfs file',
    category: 'resource',
    acquire: [arg('sysfs_create_file', 1, 'status'), arg('sysfs_create_files', 1, 'status')],
    release: [arg('sysfs_remove_file', 1), arg('sysfs_remove_files', 1)],
    matchKeys: true,
    nullSafeRelease: false,
  },
  {
    id: 'sysfs-group',
    what: 'a sysfs attribute group',
    category: 'resource',
    acquire: [arg('sysfs_create_group', 1, 'status'), arg('sysfs_create_groups', 1, 'status')],
    release: [arg('sysfs_remove_group', 1), arg('sysfs_remove_groups', 1)],
    matchKeys: true,
    nullSafeRelease: false,
  },
  {
    id: 'sysfs-link',
    what: 'a sysfs link',
    category: 'resource',
    acquire: [arg('sysfs_create_link', 0, 'status')],
    release: [arg('sysfs_remove_link', 0)],
    matchKeys: false,
    nullSafeRelease: false,
  },
  {
    id: 'debugfs',
    what: 'a debugfs entry',
    category: 'resource',
    acquire: [result('debugfs_create_dir', 'err-pointer'), result('debugfs_create_file', 'err-pointer')],
    release: [arg('debugfs_remove', 0), arg('debugfs_remove_recursive', 0)],
    matchKeys: false,
    nullSafeRelease: true,
  },
  {
    id: 'procfs',
    what: 'a /proc entry',
    category: 'resource',
    acquire: [result('proc_create'), result('proc_create_data'), result('proc_mkdir')],
    release: [arg('proc_remove', 0), arg('remove_proc_entry', 0), arg('remove_proc_subtree', 0)],
    matchKeys: false,
    nullSafeRelease: true,
  },
  {
    id: 'workqueue',
    what: 'a workqueue',
    category: 'resource',
    acquire: ['alloc_workqueue', 'alloc_ordered_workqueue', 'create_singlethread_workqueue'].map((n) =>
      result(n),
    ),
    release: [arg('destroy_workqueue', 0)],
    matchKeys: true,
    nullSafeRelease: false,
  },
  {
    id: 'timer',
    what: 'a pending timer',
    category: 'resource',
    acquire: [arg('add_timer', 0), arg('mod_timer', 0)],
    release: ['del_timer', 'del_timer_sync', 'timer_delete', 'timer_delete_sync', 'timer_shutdown_sync'].map(
      (n) => arg(n, 0),
    ),
    matchKeys: true,
    nullSafeRelease: true,
  },
  {
    id: 'delayed-work',
    what: 'queued delayed work',
    category: 'resource',
    acquire: [arg('schedule_delayed_work', 0), arg('queue_delayed_work', 1), arg('mod_delayed_work', 1)],
    release: [
      arg('cancel_delayed_work_sync', 0),
      arg('cancel_delayed_work', 0),
      arg('flush_delayed_work', 0),
    ],
    matchKeys: true,
    nullSafeRelease: true,
  },
  {
    id: 'work',
    what: 'queued work',
    category: 'resource',
    acquire: [arg('schedule_work', 0), arg('queue_work', 1)],
    release: [arg('cancel_work_sync', 0), arg('flush_work', 0)],
    matchKeys: true,
    nullSafeRelease: true,
  },
  {
    id: 'static-key',
    what: 'an enabled static key',
    category: 'resource',
    acquire: [arg('static_branch_enable', 0), arg('static_key_enable', 0)],
    release: [arg('static_branch_disable', 0), arg('static_key_disable', 0)],
    matchKeys: true,
    // Disabling a key that is not enabled does nothing.
    nullSafeRelease: true,
  },
  {
    id: 'static-key-count',
    what: 'a static key reference',
    category: 'resource',
    acquire: [arg('static_branch_inc', 0), arg('static_key_slow_inc', 0)],
    release: [arg('static_branch_dec', 0), arg('static_key_slow_dec', 0)],
    matchKeys: true,
    nullSafeRelease: false,
  },
  ...refcounts([
    ['get_device', 'put_device', 'pointer'],
    ['kobject_get', 'kobject_put', 'pointer'],
    ['try_module_get', 'module_put', 'truth'],
    ['__module_get', 'module_put', 'none'],
    ['get_task_struct', 'put_task_struct', 'pointer'],
    ['dget', 'dput', 'pointer'],
    ['kref_get', 'kref_put', 'none'],
    ['refcount_inc', 'refcount_dec', 'none'],
    ['of_node_get', 'of_node_put', 'pointer'],
    ['pci_dev_get', 'pci_dev_put', 'pointer'],
    ['mmget', 'mmput', 'none'],
    ['get_pid', 'put_pid', 'pointer'],
  ]),
];

function refcounts(rows: [string, string, ResultKind][]): PairSpec[] {
  return rows.map(([get, put, returns]) => ({
    id: `ref:${get}`,
    what: `a reference taken with ${get}()`,
    category: 'resource',
    acquire: [arg(get, 0, returns)],
    release: [arg(put, 0)],
    matchKeys: true,
    nullSafeRelease: false,
  }));
}

/**
 * Calls that look like a generic register/enable pair but are not one: the livepatch API itself
 * and names whose "enable" half is the release.
 */
export const NOT_GENERIC_PAIRS: ReadonlySet<string> = new Set([
  'klp_enable_patch',
  'klp_register_patch',
  'klp_unregister_patch',
  'klp_disable_patch',
]);
