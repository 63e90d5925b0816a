// The kernel's locking API written out by hand (not generated from the table), so a wrong table entry
// fails here: which call releases which, which trylock result means success, which sections are atomic.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { lockAcrossCallbacks } from '../../../server/src/core/rules/lock-across-callbacks';
import { sleepInAtomic } from '../../../server/src/core/rules/sleep-in-atomic';
import { HERE, findingLines, livepatchModule, markedLines } from './generated-module';

/** [taken in module_init (the finding's line), released in post_patch]. */
const HELD_ACROSS: [string, string][] = [
  ['percpu_down_read(&cfg_rwsem);', 'percpu_up_read(&cfg_rwsem);'],
  ['percpu_down_write(&cfg_rwsem);', 'percpu_up_write(&cfg_rwsem);'],
  ['mutex_lock_nested(&cfg_mutex, SINGLE_DEPTH_NESTING);', 'mutex_unlock(&cfg_mutex);'],
  ['mutex_lock_io(&cfg_mutex);', 'mutex_unlock(&cfg_mutex);'],
  ['if (mutex_lock_killable(&cfg_mutex))\n\treturn -EINTR;', 'mutex_unlock(&cfg_mutex);'],
  ['if (!mutex_trylock(&cfg_mutex))\n\treturn -EBUSY;', 'mutex_unlock(&cfg_mutex);'],
  ['spin_lock_bh(&cfg_lock);', 'spin_unlock_bh(&cfg_lock);'],
  ['spin_lock_irqsave_nested(&cfg_lock, flags, 1);', 'spin_unlock_irqrestore(&cfg_lock, flags);'],
  [
    'if (!spin_trylock_irqsave(&cfg_lock, flags))\n\treturn -EBUSY;',
    'spin_unlock_irqrestore(&cfg_lock, flags);',
  ],
  ['read_lock_irqsave(&cfg_rwlock, flags);', 'read_unlock_irqrestore(&cfg_rwlock, flags);'],
  ['write_lock_bh(&cfg_rwlock);', 'write_unlock_bh(&cfg_rwlock);'],
  ['down_read_nested(&cfg_rwsem, 1);', 'up_read(&cfg_rwsem);'],
  ['if (down_write_killable(&cfg_rwsem))\n\treturn -EINTR;', 'up_write(&cfg_rwsem);'],
  ['if (!down_read_trylock(&cfg_rwsem))\n\treturn -EBUSY;', 'up_read(&cfg_rwsem);'],
  // down_trylock() returns 0 when it took the semaphore.
  ['if (down_trylock(&cfg_sem))\n\treturn -EBUSY;', 'up(&cfg_sem);'],
  ['if (down_interruptible(&cfg_sem))\n\treturn -EINTR;', 'up(&cfg_sem);'],
  ['task_lock(cfg_task);', 'task_unlock(cfg_task);'],
  ['rcu_read_lock_bh();', 'rcu_read_unlock_bh();'],
  ['rcu_read_lock_sched();', 'rcu_read_unlock_sched();'],
  ['idx = srcu_read_lock(&cfg_srcu);', 'srcu_read_unlock(&cfg_srcu, idx);'],
  ['local_irq_save(flags);', 'local_irq_restore(flags);'],
  ['local_bh_disable();', 'local_bh_enable();'],
  ['preempt_disable();', 'preempt_enable();'],
  ['raw_spin_lock_irq(&cfg_raw_lock);', 'raw_spin_unlock_irq(&cfg_raw_lock);'],
  ['write_seqlock(&cfg_seqlock);', 'write_sequnlock(&cfg_seqlock);'],
  ['if (!lock_task_sighand(cfg_task, &flags))\n\treturn -ESRCH;', 'unlock_task_sighand(cfg_task, &flags);'],
  ['mmap_read_lock(cfg_mm);', 'mmap_read_unlock(cfg_mm);'],
  ['local_lock_irqsave(&cfg_pcpu.lock, flags);', 'local_unlock_irqrestore(&cfg_pcpu.lock, flags);'],
];

for (const [take, release] of HELD_ACROSS) {
  test(`idiom: ${take.split('\n')[0]} in module_init, ${release} in post_patch`, async () => {
    const [first, ...rest] = take.split('\n');
    const text = livepatchModule({ init: [`${first} ${HERE}`, ...rest].join('\n'), post_patch: release });
    assert.deepEqual(await findingLines(text, lockAcrossCallbacks), markedLines(text));
  });
}

test('idiom: a trylock that failed holds nothing (its failure arm returns)', async () => {
  const text = livepatchModule({
    post_patch: 'if (!spin_trylock(&cfg_lock)) {\n\tmsleep(1);\n\treturn;\n}\nspin_unlock(&cfg_lock);',
    pre_unpatch: 'if (down_trylock(&cfg_sem)) {\n\tmsleep(1);\n\treturn;\n}\nup(&cfg_sem);',
  });
  assert.deepEqual(await findingLines(text, sleepInAtomic), []);
  assert.deepEqual(await findingLines(text, lockAcrossCallbacks), []);
});

/** [opens the section, closes it, whether msleep() inside is a bug]. */
const SECTIONS: [string, string, boolean][] = [
  ['spin_lock(&cfg_lock);', 'spin_unlock(&cfg_lock);', true],
  ['spin_lock_irq(&cfg_lock);', 'spin_unlock_irq(&cfg_lock);', true],
  ['raw_spin_lock(&cfg_raw_lock);', 'raw_spin_unlock(&cfg_raw_lock);', true],
  ['read_lock(&tasklist_lock);', 'read_unlock(&tasklist_lock);', true],
  ['write_lock_irq(&cfg_rwlock);', 'write_unlock_irq(&cfg_rwlock);', true],
  ['write_seqlock_irqsave(&cfg_seqlock, flags);', 'write_sequnlock_irqrestore(&cfg_seqlock, flags);', true],
  ['task_lock(current);', 'task_unlock(current);', true],
  ['rcu_read_lock();', 'rcu_read_unlock();', true],
  ['rcu_read_lock_bh();', 'rcu_read_unlock_bh();', true],
  ['local_irq_disable();', 'local_irq_enable();', true],
  ['local_bh_disable();', 'local_bh_enable();', true],
  ['preempt_disable();', 'preempt_enable();', true],
  ['cpu = get_cpu();', 'put_cpu();', true],
  ['local_lock(&cfg_pcpu.lock);', 'local_unlock(&cfg_pcpu.lock);', true],
  ['if (lock_task_sighand(current, &flags)) {', 'unlock_task_sighand(current, &flags);\n}', true],
  ['mmap_write_lock(current->mm);', 'mmap_write_unlock(current->mm);', false],
  ['lock_sock(sk);', 'release_sock(sk);', false],
  ['inode_lock(inode);', 'inode_unlock(inode);', false],
  ['mutex_lock(&cfg_mutex);', 'mutex_unlock(&cfg_mutex);', false],
  ['down_write(&cfg_rwsem);', 'up_write(&cfg_rwsem);', false],
  ['percpu_down_read(&cfg_pcpu_rwsem);', 'percpu_up_read(&cfg_pcpu_rwsem);', false],
  ['down(&cfg_sem);', 'up(&cfg_sem);', false],
  ['idx = srcu_read_lock(&cfg_srcu);', 'srcu_read_unlock(&cfg_srcu, idx);', false],
  ['cpus_read_lock();', 'cpus_read_unlock();', false],
  ['migrate_disable();', 'migrate_enable();', false],
];

for (const [open, close, atomic] of SECTIONS) {
  test(`idiom: msleep() after ${open} is ${atomic ? '' : 'not '}sleeping in atomic context`, async () => {
    const text = livepatchModule({
      post_unpatch: `${open}\nmsleep(1);${atomic ? ` ${HERE}` : ''}\n${close}\nmsleep(1);`,
    });
    assert.deepEqual(await findingLines(text, sleepInAtomic), markedLines(text));
  });
}
